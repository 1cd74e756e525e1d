package dev.webrtcsink.server.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies compact HS256 JWTs (RFC 7519) with the JDK's HMAC: the header must say
 * {@code "alg":"HS256"} (anything else, {@code none} included, is refused), the signature must
 * match, and {@code exp}/{@code nbf}, when present, must hold within the leeway.
 */
final class Hs256JwtVerifier implements TokenVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final long leewaySeconds;
    private final Clock clock;

    Hs256JwtVerifier(byte[] secret, Duration leeway, Clock clock) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length == 0) {
            throw new IllegalArgumentException("the JWT secret must not be empty");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.leewaySeconds = leeway.toSeconds();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Verdict verify(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            return Verdict.refused("not a signed JWT (expected header.payload.signature)");
        }
        JsonNode header;
        JsonNode claims;
        byte[] signature;
        try {
            header = JSON.readTree(BASE64URL.decode(parts[0]));
            claims = JSON.readTree(BASE64URL.decode(parts[1]));
            signature = BASE64URL.decode(parts[2]);
        } catch (Exception e) {
            return Verdict.refused("malformed JWT");
        }
        if (header == null || !header.isObject() || claims == null || !claims.isObject()) {
            return Verdict.refused("malformed JWT");
        }
        if (!"HS256".equals(header.path("alg").asText(null))) {
            return Verdict.refused("unsupported JWT alg (only HS256 is accepted)");
        }
        if (!MessageDigest.isEqual(sign(parts[0] + "." + parts[1]), signature)) {
            return Verdict.refused("invalid JWT signature");
        }
        long now = clock.instant().getEpochSecond();
        JsonNode exp = claims.get("exp");
        if (exp != null) {
            if (!exp.isNumber()) {
                return Verdict.refused("JWT exp is not a number");
            }
            if (now >= exp.asLong() + leewaySeconds) {
                return Verdict.refused("JWT expired");
            }
        }
        JsonNode nbf = claims.get("nbf");
        if (nbf != null) {
            if (!nbf.isNumber()) {
                return Verdict.refused("JWT nbf is not a number");
            }
            if (now + leewaySeconds < nbf.asLong()) {
                return Verdict.refused("JWT not valid yet (nbf)");
            }
        }
        return Verdict.ACCEPTED;
    }

    private byte[] sign(String signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
