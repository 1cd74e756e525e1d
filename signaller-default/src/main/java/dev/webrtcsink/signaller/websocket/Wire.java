package dev.webrtcsink.signaller.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import dev.webrtcsink.api.protocol.EndSession;
import dev.webrtcsink.api.protocol.EndSessionV1_1;
import dev.webrtcsink.api.protocol.IncomingMessage;
import dev.webrtcsink.api.protocol.OutgoingMessage;
import dev.webrtcsink.api.protocol.PeerMessage;
import dev.webrtcsink.api.protocol.PeerRole;
import dev.webrtcsink.api.protocol.PeerStatus;
import dev.webrtcsink.api.protocol.ProtocolException;
import dev.webrtcsink.api.protocol.ProtocolVersion;
import dev.webrtcsink.api.protocol.SessionDescription;
import dev.webrtcsink.api.protocol.SignallingCodec;
import dev.webrtcsink.api.protocol.IceCandidate;
import java.util.List;

/**
 * The messages this client sends, as JSON text, built with the protocol model shared with the
 * server ({@link SignallingCodec}), so client and server cannot drift apart. Kept in one place
 * so the rest of the module speaks in operations ("end this session") rather than records.
 */
final class Wire {
    /** Thread-safe and immutable: one for the whole module. */
    private static final SignallingCodec CODEC = new SignallingCodec();

    private Wire() {}

    /** Parses a frame from the server. */
    static OutgoingMessage decode(String text) throws ProtocolException {
        return CODEC.parseOutgoing(text);
    }

    static String setProtocolVersion() {
        return CODEC.serialize(new IncomingMessage.SetProtocolVersion(ProtocolVersion.V1_1));
    }

    static String setPeerStatus(List<PeerRole> roles, JsonNode meta, String peerId) {
        return CODEC.serialize(new IncomingMessage.SetPeerStatus(new PeerStatus(roles, meta, peerId)));
    }

    /** A session with a producer; the producer makes the offer. */
    static String startSession(String producerId) {
        return CODEC.serialize(new IncomingMessage.StartSession(producerId, null));
    }

    static String listProducers() {
        return CODEC.serialize(new IncomingMessage.ListProducers());
    }

    static String sdp(String sessionId, boolean offer, String sdp) {
        SessionDescription desc = offer ? SessionDescription.offer(sdp) : SessionDescription.answer(sdp);
        return CODEC.serialize(new PeerMessage(sessionId, desc));
    }

    static String ice(String sessionId, String candidate, int sdpMLineIndex) {
        return CODEC.serialize(new PeerMessage(sessionId, new IceCandidate(candidate, sdpMLineIndex)));
    }

    static String endSession(String sessionId) {
        return CODEC.serialize(new EndSession(sessionId));
    }

    static String endSessionWithError(String sessionId, String error) {
        return CODEC.serialize(new EndSessionV1_1(sessionId, error));
    }
}
