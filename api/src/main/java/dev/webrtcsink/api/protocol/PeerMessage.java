package dev.webrtcsink.api.protocol;

import java.util.Objects;

/**
 * {@code peer}: an SDP or ICE candidate for the other member of a session. A peer sends it to the
 * server and the server relays the same message to the other member, so it is both incoming and
 * outgoing.
 *
 * @param sessionId the session both peers are in
 * @param payload the session description or candidate
 */
public record PeerMessage(String sessionId, PeerPayload payload) implements IncomingMessage, OutgoingMessage {
    public static final String TYPE = "peer";

    public PeerMessage {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(payload, "payload");
    }

    @Override
    public String wireType() {
        return TYPE;
    }
}
