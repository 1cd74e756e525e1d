package dev.webrtcsink.api.protocol;

import java.util.Objects;

/**
 * {@code endSession}: a peer ends a session, or the server tells the other member it ended.
 *
 * @param sessionId the session that ends
 */
public record EndSession(String sessionId) implements IncomingMessage, OutgoingMessage {
    public static final String TYPE = "endSession";

    public EndSession {
        Objects.requireNonNull(sessionId, "sessionId");
    }

    @Override
    public String wireType() {
        return TYPE;
    }
}
