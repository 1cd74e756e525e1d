package dev.webrtcsink.server.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class Hs256JwtVerifierTest {
    private static final String SECRET = "a-long-enough-test-secret";
    private static final long NOW = 1_700_000_000L;
    private final TokenVerifier verifier = TokenVerifier.hs256Jwt(SECRET.getBytes(StandardCharsets.UTF_8),
            Duration.ofSeconds(30), Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

    private String reason(String token) {
        TokenVerifier.Verdict verdict = verifier.verify(token);
        return verdict.accepted() ? "accepted" : verdict.reason();
    }

    @Test
    void acceptsAValidToken() {
        assertEquals("accepted", reason(JwtTestTokens.hs256(SECRET, "{\"sub\":\"cam\",\"exp\":" + (NOW + 60) + "}")));
        assertEquals("accepted", reason(JwtTestTokens.hs256(SECRET, "{\"sub\":\"no expiry\"}")));
    }

    @Test
    void refusesAWrongSignature() {
        assertEquals("invalid JWT signature", reason(JwtTestTokens.hs256("another-secret", "{\"sub\":\"x\"}")));
        String good = JwtTestTokens.hs256(SECRET, "{\"sub\":\"x\"}");
        String tamperedClaims = JwtTestTokens.hs256(SECRET, "{\"sub\":\"admin\"}").split("\\.")[1];
        String[] parts = good.split("\\.");
        assertEquals("invalid JWT signature", reason(parts[0] + "." + tamperedClaims + "." + parts[2]));
    }

    @Test
    void checksExpiryAndNotBeforeWithLeeway() {
        assertEquals("JWT expired", reason(JwtTestTokens.hs256(SECRET, "{\"exp\":" + (NOW - 31) + "}")));
        assertEquals("accepted", reason(JwtTestTokens.hs256(SECRET, "{\"exp\":" + (NOW - 29) + "}")));
        assertEquals("JWT not valid yet (nbf)", reason(JwtTestTokens.hs256(SECRET, "{\"nbf\":" + (NOW + 31) + "}")));
        assertEquals("accepted", reason(JwtTestTokens.hs256(SECRET, "{\"nbf\":" + (NOW + 29) + "}")));
        assertEquals("JWT exp is not a number", reason(JwtTestTokens.hs256(SECRET, "{\"exp\":\"soon\"}")));
    }

    @Test
    void refusesOtherAlgorithmsAndGarbage() {
        assertEquals("not a signed JWT (expected header.payload.signature)", reason(JwtTestTokens.unsigned("{}")));
        assertEquals("unsupported JWT alg (only HS256 is accepted)",
                reason(JwtTestTokens.signed("{\"alg\":\"HS512\"}", "{}", SECRET)));
        assertEquals("malformed JWT", reason("a.b.c"));
        assertTrue(reason("no-dots").startsWith("not a signed JWT"));
    }

    @Test
    void bearerComparesExactly() {
        TokenVerifier bearer = TokenVerifier.bearer("tok");
        assertTrue(bearer.verify("tok").accepted());
        assertEquals("invalid bearer token", bearer.verify("tok ").reason());
        TokenVerifier either = bearer.or(verifier);
        assertTrue(either.verify(JwtTestTokens.hs256(SECRET, "{}")).accepted());
        assertEquals("invalid bearer token; not a signed JWT (expected header.payload.signature)",
                either.verify("nope").reason());
    }
}
