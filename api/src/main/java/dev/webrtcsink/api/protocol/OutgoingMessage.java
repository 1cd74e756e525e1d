package dev.webrtcsink.api.protocol;

import java.util.List;
import java.util.Objects;

/** A message from the server to a peer. */
public sealed interface OutgoingMessage extends SignallingMessage
        permits OutgoingMessage.Welcome, OutgoingMessage.PeerStatusChanged,
                OutgoingMessage.StartSession, OutgoingMessage.SessionStarted,
                OutgoingMessage.ProducerList, OutgoingMessage.ConsumerList,
                OutgoingMessage.ErrorReply, PeerMessage, EndSession, EndSessionV1_1 {

    /** {@code welcome}: first message on every connection, telling the peer its id. */
    record Welcome(String peerId) implements OutgoingMessage {
        public static final String TYPE = "welcome";

        public Welcome {
            Objects.requireNonNull(peerId, "peerId");
        }

        @Override
        public String wireType() {
            return TYPE;
        }
    }

    /**
     * {@code peerStatusChanged}: to listeners, a peer's new status ({@code roles} empty when it
     * left). The status's fields are flattened on the wire.
     */
    record PeerStatusChanged(PeerStatus status) implements OutgoingMessage {
        public static final String TYPE = "peerStatusChanged";

        public PeerStatusChanged {
            Objects.requireNonNull(status, "status");
        }

        @Override
        public String wireType() {
            return TYPE;
        }
    }

    /**
     * {@code startSession}: to the producer of a new session.
     *
     * @param peerId the consumer
     * @param sessionId the new session
     * @param offer the consumer's SDP offer to answer, or {@code null} if the producer offers
     */
    record StartSession(String peerId, String sessionId, String offer) implements OutgoingMessage {
        public static final String TYPE = "startSession";

        public StartSession {
            Objects.requireNonNull(peerId, "peerId");
            Objects.requireNonNull(sessionId, "sessionId");
        }

        @Override
        public String wireType() {
            return TYPE;
        }
    }

    /**
     * {@code sessionStarted}: to the consumer of a new session.
     *
     * @param peerId the producer
     * @param sessionId the new session
     */
    record SessionStarted(String peerId, String sessionId) implements OutgoingMessage {
        public static final String TYPE = "sessionStarted";

        public SessionStarted {
            Objects.requireNonNull(peerId, "peerId");
            Objects.requireNonNull(sessionId, "sessionId");
        }

        @Override
        public String wireType() {
            return TYPE;
        }
    }

    /** {@code list}: reply to {@link IncomingMessage.ListProducers}. */
    record ProducerList(List<PeerInfo> producers) implements OutgoingMessage {
        public static final String TYPE = "list";

        public ProducerList {
            producers = List.copyOf(Objects.requireNonNull(producers, "producers"));
        }

        @Override
        public String wireType() {
            return TYPE;
        }
    }

    /** {@code listConsumers}: reply to {@link IncomingMessage.ListConsumers}. */
    record ConsumerList(List<PeerInfo> consumers) implements OutgoingMessage {
        public static final String TYPE = "listConsumers";

        public ConsumerList {
            consumers = List.copyOf(Objects.requireNonNull(consumers, "consumers"));
        }

        @Override
        public String wireType() {
            return TYPE;
        }
    }

    /** {@code error}: to the peer whose message failed; the connection stays open. */
    record ErrorReply(String details) implements OutgoingMessage {
        public static final String TYPE = "error";

        public ErrorReply {
            Objects.requireNonNull(details, "details");
        }

        @Override
        public String wireType() {
            return TYPE;
        }
    }
}
