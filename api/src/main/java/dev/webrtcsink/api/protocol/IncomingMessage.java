package dev.webrtcsink.api.protocol;

import java.util.Objects;

/**
 * A message from a peer to the server. The server-internal {@code newPeer} is deliberately absent:
 * peers cannot send it.
 */
public sealed interface IncomingMessage extends SignallingMessage
        permits IncomingMessage.SetProtocolVersion, IncomingMessage.SetPeerStatus,
                IncomingMessage.StartSession, IncomingMessage.ListProducers,
                IncomingMessage.ListConsumers, PeerMessage, EndSession, EndSessionV1_1 {

    /** {@code setProtocolVersion}: must be the peer's first message if sent at all. */
    record SetProtocolVersion(ProtocolVersion version) implements IncomingMessage {
        public static final String TYPE = "setProtocolVersion";

        public SetProtocolVersion {
            Objects.requireNonNull(version, "version");
        }

        @Override
        public String wireType() {
            return TYPE;
        }
    }

    /** {@code setPeerStatus}: the peer's roles and meta; its fields are flattened on the wire. */
    record SetPeerStatus(PeerStatus status) implements IncomingMessage {
        public static final String TYPE = "setPeerStatus";

        public SetPeerStatus {
            Objects.requireNonNull(status, "status");
        }

        @Override
        public String wireType() {
            return TYPE;
        }
    }

    /**
     * {@code startSession}: start a session with another peer. If it is a producer the sender
     * becomes the consumer, if it is a passive consumer the sender becomes the producer.
     *
     * @param peerId the other peer
     * @param offer an SDP offer when the consumer wants to be the offerer, or {@code null}
     */
    record StartSession(String peerId, String offer) implements IncomingMessage {
        public static final String TYPE = "startSession";

        public StartSession {
            Objects.requireNonNull(peerId, "peerId");
        }

        @Override
        public String wireType() {
            return TYPE;
        }
    }

    /** {@code list}: ask for the producers; the reply is {@link OutgoingMessage.ProducerList}. */
    record ListProducers() implements IncomingMessage {
        public static final String TYPE = "list";

        @Override
        public String wireType() {
            return TYPE;
        }
    }

    /** {@code listConsumers}: ask for the passive consumers; reply {@link OutgoingMessage.ConsumerList}. */
    record ListConsumers() implements IncomingMessage {
        public static final String TYPE = "listConsumers";

        @Override
        public String wireType() {
            return TYPE;
        }
    }
}
