package dev.webrtcsink.server.core;

import dev.webrtcsink.api.protocol.PeerRole;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code details} of every {@code error} reply. The first group is upstream's wording,
 * kept verbatim because upstream tests and clients compare it; the second group covers cases
 * where upstream stays silent and we answer.
 */
final class ErrorTexts {
    private ErrorTexts() {}

    // ---------------------------------------------------------------- upstream wording

    static String notWelcomed(String peerId) {
        return "Peer '" + peerId + "' hasn't been welcomed";
    }

    static String protocolVersionNotFirst(String peerId) {
        return "Protocol version selection for peer '" + peerId + "' must be first message";
    }

    static String bothProducerAndConsumer(String peerId) {
        return "Cannot register peer " + peerId + " as both producer and passive consumer";
    }

    static String peerNotFound(String peerId) {
        return "Peer with ID '" + peerId + "' not found";
    }

    static String missingProducerOrConsumer(String fromId, List<PeerRole> fromRoles,
                                            String toId, List<PeerRole> toRoles) {
        return "Missing a producer or a consumer: id " + fromId + " roles " + debugRoles(fromRoles)
                + ", id " + toId + " roles " + debugRoles(toRoles);
    }

    static String offerFromConsumer(String consumerId, String producerId) {
        return "cannot forward offer from " + debugQuoted(consumerId) + " to " + debugQuoted(producerId)
                + " as " + debugQuoted(consumerId) + " is not the producer";
    }

    static String notPartOfSession(String peerId, String sessionId) {
        return "Peer " + peerId + " is not part of " + sessionId;
    }

    static String endSessionErrorNeedsV1_1(String peerId) {
        return "Invalid end session message with error from peer '" + peerId
                + "', minimum protocol version is 1.1";
    }

    // ---------------------------------------------------------------- our additions

    /** A {@code peer} or {@code endSession} naming a session that does not exist. */
    static String sessionNotFound(String sessionId) {
        return "Session with ID '" + sessionId + "' not found";
    }

    /** A frame that does not parse; {@code problem} comes from the codec. */
    static String invalidMessage(String problem) {
        return "Invalid message: " + problem;
    }

    /** A bug in the core while handling a message; the peer only learns which message. */
    static String internalError(String messageType) {
        return "Internal server error while handling '" + messageType + "'";
    }

    // ---------------------------------------------------------------- upstream formatting

    /** Roles as upstream prints them (Rust debug format): {@code [Producer, Listener]}. */
    static String debugRoles(List<PeerRole> roles) {
        return roles.stream()
                .map(role -> Character.toUpperCase(role.wireName().charAt(0)) + role.wireName().substring(1))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** A string as upstream prints it (Rust debug format): in double quotes, escaped. */
    static String debugQuoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
