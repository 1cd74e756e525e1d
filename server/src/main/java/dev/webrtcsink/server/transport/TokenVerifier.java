package dev.webrtcsink.server.transport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Decides whether the token presented with a WebSocket upgrade admits the connection. The
 * transport takes the token from an {@code Authorization: Bearer <token>} header or, because
 * browsers cannot set headers on a WebSocket, from a {@code ?token=<token>} query parameter;
 * a refused upgrade is answered with HTTP 401.
 */
@FunctionalInterface
public interface TokenVerifier {

    /** The outcome; {@code reason} says why a token was refused (logged and sent in the 401 body). */
    record Verdict(boolean accepted, String reason) {
        public static final Verdict ACCEPTED = new Verdict(true, "accepted");

        public static Verdict refused(String reason) {
            return new Verdict(false, reason);
        }
    }

    Verdict verify(String token);

    /** Accepts exactly {@code expected} (compared in constant time). */
    static TokenVerifier bearer(String expected) {
        Objects.requireNonNull(expected, "expected token");
        if (expected.isEmpty()) {
            throw new IllegalArgumentException("the bearer token must not be empty");
        }
        byte[] expectedBytes = expected.getBytes(StandardCharsets.UTF_8);
        return token -> MessageDigest.isEqual(expectedBytes, token.getBytes(StandardCharsets.UTF_8))
                ? Verdict.ACCEPTED
                : Verdict.refused("invalid bearer token");
    }

    /** Accepts HS256-signed JWTs whose {@code exp}/{@code nbf} hold, with 30 s clock leeway. */
    static TokenVerifier hs256Jwt(byte[] secret) {
        return new Hs256JwtVerifier(secret, Duration.ofSeconds(30), Clock.systemUTC());
    }

    /** As {@link #hs256Jwt(byte[])} with an explicit leeway and clock. */
    static TokenVerifier hs256Jwt(byte[] secret, Duration leeway, Clock clock) {
        return new Hs256JwtVerifier(secret, leeway, clock);
    }

    /** Accepts what this or {@code other} accepts; reports this verifier's reason otherwise. */
    default TokenVerifier or(TokenVerifier other) {
        Objects.requireNonNull(other, "other");
        return token -> {
            Verdict first = verify(token);
            if (first.accepted()) {
                return first;
            }
            Verdict second = other.verify(token);
            return second.accepted() ? second : Verdict.refused(first.reason() + "; " + second.reason());
        };
    }
}
