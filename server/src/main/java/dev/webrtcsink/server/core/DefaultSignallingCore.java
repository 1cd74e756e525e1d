package dev.webrtcsink.server.core;

import dev.webrtcsink.api.protocol.EndSession;
import dev.webrtcsink.api.protocol.EndSessionV1_1;
import dev.webrtcsink.api.protocol.IncomingMessage;
import dev.webrtcsink.api.protocol.OutgoingMessage;
import dev.webrtcsink.api.protocol.PeerInfo;
import dev.webrtcsink.api.protocol.PeerMessage;
import dev.webrtcsink.api.protocol.PeerStatus;
import dev.webrtcsink.api.protocol.ProtocolException;
import dev.webrtcsink.api.protocol.ProtocolVersion;
import dev.webrtcsink.api.protocol.SdpType;
import dev.webrtcsink.api.protocol.SessionDescription;
import dev.webrtcsink.api.protocol.SignallingCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signalling state machine of upstream gst-webrtc-signalling-server: peers with roles and a
 * protocol version, sessions pairing one producer with one consumer, and the messages between
 * them (spec {@code signalling-protocol.md} §5).
 *
 * <p>Where upstream is silent or buggy this class deliberately differs, on the wire only by
 * sending more {@code error} replies and more end-of-session notices:
 * <ul>
 *   <li>A frame that does not parse (bad JSON, unknown type, missing or mistyped field,
 *       {@code newPeer} from a peer) gets {@code error{"Invalid message: <problem>"}}; upstream
 *       drops it silently. It does not count as the peer's first message.</li>
 *   <li>{@code peer} / {@code endSession} naming a session that does not exist gets
 *       {@code error{"Session with ID '<id>' not found"}} — except when the session ended recently
 *       and the sender was one of its members. Such late messages are normal races (ICE
 *       candidates in flight while the other side hangs up) and upstream's Rust signaller turns
 *       any {@code error} into a fatal element error, so they stay silent as upstream.</li>
 *   <li>{@code endSessionV1_1} with an error from a peer that did not negotiate v1.1 still gets
 *       upstream's error reply, but the session is then ended properly: the other member is
 *       told (upstream deletes the session and tells nobody).</li>
 *   <li>{@code endSession} from a peer that is not a member of the session is refused and the
 *       session left intact (upstream deletes it first, then refuses).</li>
 * </ul>
 *
 * <p>Peers are kept in connection order, so listener notifications and list replies have a
 * stable order (upstream's is hash order, i.e. unspecified). Not thread-safe by design: see
 * {@link SignallingCore}.
 */
public final class DefaultSignallingCore implements SignallingCore {
    /**
     * How many ended sessions are remembered to recognise late messages for them. Late messages
     * arrive within moments of the end, so this only has to cover the sessions that end meanwhile.
     */
    static final int RECENTLY_ENDED_CAPACITY = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(DefaultSignallingCore.class);

    private final Outbox outbox;
    private final Supplier<String> sessionIds;
    private final SignallingCodec codec = new SignallingCodec();

    private final Map<String, ConnectedPeer> peers = new LinkedHashMap<>();
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    /** Session ids by producer id, for ending them when it stops producing or leaves. */
    private final Map<String, Set<String>> sessionsByProducer = new HashMap<>();
    /** Session ids by consumer id, for ending them when it stops consuming or leaves. */
    private final Map<String, Set<String>> sessionsByConsumer = new HashMap<>();
    private final Map<String, Session> recentlyEnded = new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
            return size() > RECENTLY_ENDED_CAPACITY;
        }
    };

    private long sessionsStarted;
    private long messagesRelayed;
    private long errorsSent;

    /** A core whose session ids are random UUID v4 strings, as upstream's. */
    public DefaultSignallingCore(Outbox outbox) {
        this(outbox, () -> UUID.randomUUID().toString());
    }

    /**
     * @param outbox where every message goes, in order
     * @param sessionIds the source of new session ids (tests inject readable ones); must not
     *     repeat an id still in use
     */
    public DefaultSignallingCore(Outbox outbox, Supplier<String> sessionIds) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.sessionIds = Objects.requireNonNull(sessionIds, "sessionIds");
    }

    /** What the core knows about one connection. */
    private static final class ConnectedPeer {
        PeerStatus status = PeerStatus.initial();
        ProtocolVersion version = ProtocolVersion.V1_0;
        /** Once set, {@code setProtocolVersion} is refused: it must come first. */
        boolean receivedFirstMessage;
    }

    /** One producer and one consumer exchanging SDP and ICE. */
    private record Session(String id, String producer, String consumer) {
        boolean hasMember(String peerId) {
            return producer.equals(peerId) || consumer.equals(peerId);
        }

        /** The member other than {@code peerId}, or {@code null} if it is not a member. */
        String otherMember(String peerId) {
            if (producer.equals(peerId)) {
                return consumer;
            }
            return consumer.equals(peerId) ? producer : null;
        }
    }

    /** A message refused with an {@code error} reply whose details are the exception message. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;

        Refusal(String details) {
            super(details, null, false, false);
        }
    }

    // ---------------------------------------------------------------- SignallingCore

    @Override
    public void connected(String peerId) {
        if (peers.containsKey(peerId)) {
            // The transport promises unique ids; if it ever reuses one, start over cleanly
            // rather than leaving the old connection's sessions dangling.
            LOG.warn("peer {} connected twice; dropping its previous state", peerId);
            disconnected(peerId);
        }
        peers.put(peerId, new ConnectedPeer());
        LOG.info("peer {} connected", peerId);
        send(peerId, new OutgoingMessage.Welcome(peerId));
    }

    @Override
    public void received(String peerId, String text) {
        IncomingMessage message;
        try {
            message = codec.parseIncoming(text);
        } catch (ProtocolException e) {
            LOG.warn("invalid message from {}: {}", peerId, e.getMessage());
            sendError(peerId, ErrorTexts.invalidMessage(e.getMessage()));
            return;
        }
        LOG.debug("{} from {}", message.wireType(), peerId);
        try {
            handle(peerId, message);
        } catch (Refusal refusal) {
            LOG.info("refused {} from {}: {}", message.wireType(), peerId, refusal.getMessage());
            sendError(peerId, refusal.getMessage());
        } catch (RuntimeException bug) {
            // The event loop must survive a bug here; the peer learns only that its message failed.
            LOG.error("failed to handle {} from {}", message.wireType(), peerId, bug);
            sendError(peerId, ErrorTexts.internalError(message.wireType()));
        } finally {
            ConnectedPeer peer = peers.get(peerId);
            if (peer != null) {
                peer.receivedFirstMessage = true;
            }
        }
    }

    @Override
    public void disconnected(String peerId) {
        ConnectedPeer departed = peers.remove(peerId);
        if (departed == null) {
            LOG.debug("disconnect of unknown peer {} ignored", peerId);
            return;
        }
        LOG.info("peer {} disconnected", peerId);
        // Sessions end before listeners hear of the departure (upstream order, tested).
        endSessionsIndexedBy(sessionsByProducer, peerId);
        endSessionsIndexedBy(sessionsByConsumer, peerId);
        notifyListeners(new PeerStatus(List.of(), departed.status.meta(), peerId));
    }

    @Override
    public CoreStats stats() {
        int producers = (int) peers.values().stream().filter(peer -> peer.status.isProducer()).count();
        return new CoreStats(peers.size(), producers, sessions.size(), sessionsStarted, messagesRelayed, errorsSent);
    }

    @Override
    public String dump() {
        StringBuilder out = new StringBuilder();
        CoreStats stats = stats();
        out.append("signalling core: ").append(stats.peers()).append(" peers (")
                .append(stats.producers()).append(" producing), ").append(stats.sessions())
                .append(" sessions; since start ").append(sessionsStarted).append(" sessions started, ")
                .append(messagesRelayed).append(" messages relayed, ").append(errorsSent).append(" errors sent\n");
        out.append("peers:\n");
        peers.forEach((id, peer) -> out.append("  ").append(id)
                .append(" version=").append(peer.version.wireName())
                .append(" roles=").append(ErrorTexts.debugRoles(peer.status.roles()))
                .append(" meta=").append(peer.status.meta())
                .append(" producerOf=").append(sessionsByProducer.getOrDefault(id, Set.of()))
                .append(" consumerOf=").append(sessionsByConsumer.getOrDefault(id, Set.of()))
                .append('\n'));
        out.append("sessions:\n");
        sessions.values().forEach(session -> out.append("  ").append(session.id())
                .append(" producer=").append(session.producer())
                .append(" consumer=").append(session.consumer()).append('\n'));
        return out.toString();
    }

    // ---------------------------------------------------------------- message handling

    private void handle(String peerId, IncomingMessage message) throws Refusal {
        if (message instanceof IncomingMessage.SetProtocolVersion) {
            setProtocolVersion(peerId, ((IncomingMessage.SetProtocolVersion) message).version());
        } else if (message instanceof IncomingMessage.SetPeerStatus) {
            setPeerStatus(peerId, ((IncomingMessage.SetPeerStatus) message).status());
        } else if (message instanceof IncomingMessage.StartSession) {
            IncomingMessage.StartSession start = (IncomingMessage.StartSession) message;
            startSession(peerId, start.peerId(), start.offer());
        } else if (message instanceof PeerMessage) {
            relay(peerId, (PeerMessage) message);
        } else if (message instanceof EndSession) {
            endSession(peerId, ((EndSession) message).sessionId(), null);
        } else if (message instanceof EndSessionV1_1) {
            EndSessionV1_1 end = (EndSessionV1_1) message;
            endSession(peerId, end.sessionId(), end.error());
        } else if (message instanceof IncomingMessage.ListProducers) {
            // No role or welcome needed, as upstream: any connection may browse.
            send(peerId, new OutgoingMessage.ProducerList(peersWhere(PeerStatus::isProducer)));
        } else if (message instanceof IncomingMessage.ListConsumers) {
            send(peerId, new OutgoingMessage.ConsumerList(peersWhere(PeerStatus::isConsumer)));
        }
    }

    private void setProtocolVersion(String peerId, ProtocolVersion version) throws Refusal {
        ConnectedPeer peer = welcomed(peerId);
        if (peer.receivedFirstMessage) {
            throw new Refusal(ErrorTexts.protocolVersionNotFirst(peerId));
        }
        peer.version = version;
    }

    private void setPeerStatus(String peerId, PeerStatus requested) throws Refusal {
        ConnectedPeer peer = welcomed(peerId);
        // Compared with peerId included, as upstream: the stored status carries the peer's own
        // id, so a repeat without peerId counts as a change and listeners hear it again.
        if (requested.equals(peer.status)) {
            LOG.debug("status of {} unchanged", peerId);
            return;
        }
        if (requested.isProducer() && requested.isConsumer()) {
            throw new Refusal(ErrorTexts.bothProducerAndConsumer(peerId));
        }
        PeerStatus previous = peer.status;
        if (previous.isProducer() && !requested.isProducer()) {
            // Only the sessions it produces: sessions where it is the consumer survive.
            endSessionsIndexedBy(sessionsByProducer, peerId);
        } else if (previous.isConsumer() && !requested.isConsumer()) {
            endSessionsIndexedBy(sessionsByConsumer, peerId);
        }
        peer.status = requested.withPeerId(peerId);
        LOG.info("peer {} registered as {}", peerId, ErrorTexts.debugRoles(peer.status.roles()));
        notifyListeners(peer.status);
    }

    private void startSession(String fromId, String toId, String offer) throws Refusal {
        ConnectedPeer from = peers.get(fromId);
        if (from == null) {
            throw new Refusal(ErrorTexts.peerNotFound(fromId));
        }
        ConnectedPeer to = peers.get(toId);
        if (to == null) {
            throw new Refusal(ErrorTexts.peerNotFound(toId));
        }
        // The target's role decides who produces; the sender's own roles are not checked, so a
        // peer without roles can consume (what webrtcsrc does given a producer id).
        String producerId;
        String consumerId;
        if (to.status.isProducer()) {
            producerId = toId;
            consumerId = fromId;
        } else if (to.status.isConsumer()) {
            producerId = fromId;
            consumerId = toId;
        } else {
            throw new Refusal(ErrorTexts.missingProducerOrConsumer(fromId, from.status.roles(), toId, to.status.roles()));
        }
        Session session = new Session(newSessionId(), producerId, consumerId);
        sessions.put(session.id(), session);
        sessionsByProducer.computeIfAbsent(producerId, id -> new LinkedHashSet<>()).add(session.id());
        sessionsByConsumer.computeIfAbsent(consumerId, id -> new LinkedHashSet<>()).add(session.id());
        sessionsStarted++;
        LOG.info("session {} started: producer {} consumer {}", session.id(), producerId, consumerId);
        // The consumer learns the id first, so it can match the producer's messages that follow.
        send(consumerId, new OutgoingMessage.SessionStarted(producerId, session.id()));
        send(producerId, new OutgoingMessage.StartSession(consumerId, session.id(), offer));
    }

    private void relay(String senderId, PeerMessage message) throws Refusal {
        Session session = sessions.get(message.sessionId());
        if (session == null) {
            refuseUnknownSession(senderId, message.sessionId(), message.wireType());
            return;
        }
        // In-session offers only flow from the producer; a consumer's offer belongs in
        // startSession.offer.
        if (message.payload() instanceof SessionDescription
                && ((SessionDescription) message.payload()).type() == SdpType.OFFER
                && senderId.equals(session.consumer())) {
            throw new Refusal(ErrorTexts.offerFromConsumer(senderId, session.producer()));
        }
        String recipient = session.otherMember(senderId);
        if (recipient == null) {
            throw new Refusal(ErrorTexts.notPartOfSession(senderId, session.id()));
        }
        messagesRelayed++;
        send(recipient, message);
    }

    /** @param error the reason given with {@code endSessionV1_1}, or {@code null} */
    private void endSession(String senderId, String sessionId, String error) throws Refusal {
        Session session = sessions.get(sessionId);
        if (session == null) {
            refuseUnknownSession(senderId, sessionId, error == null ? EndSession.TYPE : EndSessionV1_1.TYPE);
            return;
        }
        String recipient = session.otherMember(senderId);
        if (recipient == null) {
            throw new Refusal(ErrorTexts.notPartOfSession(senderId, sessionId));
        }
        ConnectedPeer sender = peers.get(senderId);
        boolean errorNotNegotiated = error != null
                && (sender == null || !sender.version.supportsEndSessionWithError());
        removeSession(session);
        LOG.info("session {} ended by {}{}", sessionId, senderId, error == null ? "" : ": " + error);
        if (errorNotNegotiated) {
            // Upstream's reply, but unlike upstream the session still ends for both members.
            sendError(senderId, ErrorTexts.endSessionErrorNeedsV1_1(senderId));
        }
        tellSessionEnded(recipient, sessionId, error);
    }

    /**
     * A {@code peer} or {@code endSession} for a session that does not exist: silent for a late
     * message from a member of a recently ended session (a benign race), refused otherwise.
     */
    private void refuseUnknownSession(String senderId, String sessionId, String messageType) throws Refusal {
        Session ended = recentlyEnded.get(sessionId);
        if (ended != null && ended.hasMember(senderId)) {
            LOG.debug("late {} from {} for ended session {} dropped", messageType, senderId, sessionId);
            return;
        }
        LOG.warn("{} from {} for unknown session {}", messageType, senderId, sessionId);
        throw new Refusal(ErrorTexts.sessionNotFound(sessionId));
    }

    // ---------------------------------------------------------------- helpers

    private ConnectedPeer welcomed(String peerId) throws Refusal {
        ConnectedPeer peer = peers.get(peerId);
        if (peer == null) {
            throw new Refusal(ErrorTexts.notWelcomed(peerId));
        }
        return peer;
    }

    private String newSessionId() {
        String id = sessionIds.get();
        if (id == null || sessions.containsKey(id)) {
            throw new IllegalStateException("session id supplier returned " + (id == null ? "null" : "an id in use: " + id));
        }
        return id;
    }

    /** Ends every session {@code index} lists for {@code peerId}, telling each other member. */
    private void endSessionsIndexedBy(Map<String, Set<String>> index, String peerId) {
        Set<String> ids = index.get(peerId);
        if (ids == null) {
            return;
        }
        for (String sessionId : List.copyOf(ids)) {
            Session session = sessions.get(sessionId);
            if (session == null) {
                continue;
            }
            removeSession(session);
            LOG.info("session {} ended because {} left its role", sessionId, peerId);
            tellSessionEnded(session.otherMember(peerId), sessionId, null);
        }
    }

    private void removeSession(Session session) {
        sessions.remove(session.id());
        removeFromIndex(sessionsByProducer, session.producer(), session.id());
        removeFromIndex(sessionsByConsumer, session.consumer(), session.id());
        recentlyEnded.put(session.id(), session);
    }

    private static void removeFromIndex(Map<String, Set<String>> index, String peerId, String sessionId) {
        Set<String> ids = index.get(peerId);
        if (ids != null && ids.remove(sessionId) && ids.isEmpty()) {
            index.remove(peerId);
        }
    }

    /**
     * Sends the end-of-session notice in the variant the recipient understands: a v1.0 peer
     * would reject {@code endSessionV1_1}, so it gets plain {@code endSession} and the reason is
     * lost. A recipient that has left gets nothing.
     */
    private void tellSessionEnded(String recipientId, String sessionId, String error) {
        ConnectedPeer recipient = peers.get(recipientId);
        if (recipient == null) {
            return;
        }
        send(recipientId, recipient.version.supportsEndSessionWithError()
                ? new EndSessionV1_1(sessionId, error)
                : new EndSession(sessionId));
    }

    /** {@code peerStatusChanged} to every listener, the peer itself included if it listens. */
    private void notifyListeners(PeerStatus status) {
        String json = codec.serialize(new OutgoingMessage.PeerStatusChanged(status));
        peers.forEach((id, peer) -> {
            if (peer.status.isListener()) {
                outbox.send(id, json);
            }
        });
    }

    private List<PeerInfo> peersWhere(Predicate<PeerStatus> filter) {
        List<PeerInfo> matching = new ArrayList<>();
        peers.forEach((id, peer) -> {
            if (filter.test(peer.status)) {
                matching.add(new PeerInfo(id, peer.status.meta()));
            }
        });
        return matching;
    }

    private void sendError(String peerId, String details) {
        errorsSent++;
        send(peerId, new OutgoingMessage.ErrorReply(details));
    }

    private void send(String peerId, OutgoingMessage message) {
        outbox.send(peerId, codec.serialize(message));
    }
}
