package dev.webrtcsink.api.protocol;

import java.util.Objects;

/**
 * {@code endSessionV1_1}: like {@link EndSession} but with an optional reason. Only for peers that
 * negotiated {@link ProtocolVersion#V1_1}; the server sends it only to such peers.
 *
 * @param sessionId the session that ends
 * @param error why it ended, or {@code null} for a normal end (emitted as JSON {@code null})
 */
public record EndSessionV1_1(String sessionId, String error) implements IncomingMessage, OutgoingMessage {
    public static final String TYPE = "endSessionV1_1";

    public EndSessionV1_1 {
        Objects.requireNonNull(sessionId, "sessionId");
    }

    @Override
    public String wireType() {
        return TYPE;
    }
}
