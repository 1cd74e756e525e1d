package dev.webrtcsink.signaller.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import dev.webrtcsink.api.IceCandidate;
import dev.webrtcsink.api.Meta;
import dev.webrtcsink.api.Role;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.api.SignallerException;
import dev.webrtcsink.api.SignallerListener;
import dev.webrtcsink.api.protocol.EndSession;
import dev.webrtcsink.api.protocol.EndSessionV1_1;
import dev.webrtcsink.api.protocol.OutgoingMessage;
import dev.webrtcsink.api.protocol.PeerInfo;
import dev.webrtcsink.api.protocol.PeerMessage;
import dev.webrtcsink.api.protocol.PeerRole;
import dev.webrtcsink.api.protocol.PeerStatus;
import dev.webrtcsink.api.protocol.ProtocolException;
import dev.webrtcsink.api.protocol.SdpType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of the protocol for ONE connection (signallable.md §4.2-4.3): what to say
 * after {@code welcome}, and how each server message becomes a listener event. It also
 * remembers what the server knew about us (our id, the sessions we are in, the producers we
 * announced) because a new connection starts from nothing: {@link #connectionLost} ends those
 * sessions and withdraws those producers.
 *
 * <p>A consumer given neither a producer id nor connect-to-first-producer runs in multi-producer
 * mode (our extension; upstream only waits as a passive consumer): it registers as
 * {@code ["consumer","listener"]}, so producer-initiated sessions still reach it, lists the
 * producers and starts one session with each listed or later announced producer
 * ({@link ProducerSessions}).
 *
 * <p>Threading: {@link #opened}, {@link #received} and {@link #connectionLost} run on the I/O
 * thread; {@link #sessionEndedLocally} on the element's thread; {@link #dump} anywhere.
 */
final class ClientProtocol {
    private static final Logger LOG = LoggerFactory.getLogger(ClientProtocol.class);

    private final ConnectSettings settings;
    private final Consumer<String> outbox;
    private final SignallerListener events;
    private final Consumer<String> clientIdChanged;
    /** Multi-producer mode: a consumer that picks no producer takes every producer. */
    private final boolean everyProducer;
    private final ProducerSessions producerSessions = new ProducerSessions();

    private final Set<String> sessions = ConcurrentHashMap.newKeySet();
    private final Map<String, Meta> knownProducers = new LinkedHashMap<>(); // guarded by this
    private volatile JsonNode meta; // null: no meta (sent as JSON null)
    private volatile String clientId;
    private volatile String firstProducerId; // adopted from the list with connect-to-first-producer

    /**
     * @param outbox sends one JSON message to the server
     * @param events the element's (gated) listener
     * @param clientIdChanged publishes the {@code client-id} property
     */
    ClientProtocol(ConnectSettings settings, Consumer<String> outbox, SignallerListener events,
                   Consumer<String> clientIdChanged) {
        this.settings = settings;
        this.outbox = outbox;
        this.events = events;
        this.clientIdChanged = clientIdChanged;
        this.everyProducer = settings.role() == Role.CONSUMER && settings.producerPeerId() == null
                && !settings.connectToFirstProducer();
    }

    /** The WebSocket is up: ask the element for its meta once for this connection. */
    void opened() {
        Meta m = events.requestMeta();
        meta = m == null ? null : m.toJson();
        if (everyProducer) {
            LOG.info("starting a session with every producer, and accepting producer-initiated sessions");
        }
    }

    /** One text frame from the server. */
    void received(String text) {
        OutgoingMessage msg;
        try {
            msg = Wire.decode(text);
        } catch (ProtocolException e) {
            // upstream reports and keeps reading; so do we
            LOG.debug("cannot parse server message: {}", e.getMessage());
            events.error(new SignallerException("Unknown message from server: " + text));
            return;
        }
        LOG.debug("received {}", msg);
        if (msg instanceof OutgoingMessage.Welcome w) {
            welcome(w.peerId());
        } else if (msg instanceof OutgoingMessage.PeerStatusChanged p) {
            peerStatusChanged(p.status());
        } else if (msg instanceof OutgoingMessage.StartSession s) {
            startSession(s.sessionId(), s.peerId(), s.offer());
        } else if (msg instanceof OutgoingMessage.SessionStarted s) {
            sessions.add(s.sessionId());
            producerSessions.started(s.sessionId(), s.peerId());
            events.sessionStarted(s.sessionId(), s.peerId());
        } else if (msg instanceof PeerMessage p) {
            peer(p);
        } else if (msg instanceof EndSession e) {
            sessions.remove(e.sessionId());
            producerSessions.ended(e.sessionId());
            events.sessionEnded(e.sessionId(), null);
        } else if (msg instanceof EndSessionV1_1 e) {
            sessions.remove(e.sessionId());
            producerSessions.ended(e.sessionId());
            events.sessionEnded(e.sessionId(), e.error());
        } else if (msg instanceof OutgoingMessage.ProducerList l) {
            producerList(l.producers());
        } else if (msg instanceof OutgoingMessage.ConsumerList) {
            LOG.debug("ignoring listConsumers reply"); // we never ask; upstream panics here
        } else if (msg instanceof OutgoingMessage.ErrorReply e) {
            if (everyProducer && producerSessions.isAboutAbandonedStart(e.details())) {
                LOG.info("a producer left before its session started: {}", e.details());
                return;
            }
            events.error(new SignallerException("Error message from server: " + e.details()));
        }
    }

    private void welcome(String peerId) {
        clientId = peerId;
        clientIdChanged.accept(peerId);
        LOG.info("connected to {} as peer {} ({})", settings.uri(), peerId, settings.role().wireName());
        List<PeerRole> roles = switch (settings.role()) {
            case PRODUCER -> List.of(PeerRole.PRODUCER);
            case LISTENER -> List.of(PeerRole.LISTENER);
            // a consumer that picks its producer starts sessions itself and needs no role; one that
            // takes every producer listens for them and stays reachable for producer-initiated sessions
            case CONSUMER -> settings.producerPeerId() != null || settings.connectToFirstProducer()
                    ? List.of() : List.of(PeerRole.CONSUMER, PeerRole.LISTENER);
        };
        outbox.accept(Wire.setPeerStatus(roles, meta, peerId));
        if (settings.role() == Role.LISTENER || everyProducer) {
            outbox.accept(Wire.listProducers());
        }
        if (settings.role() == Role.CONSUMER) {
            if (settings.producerPeerId() != null) {
                LOG.info("Started session with producer peer id {}", settings.producerPeerId());
                outbox.accept(Wire.startSession(settings.producerPeerId()));
            }
            if (settings.connectToFirstProducer()) {
                outbox.accept(Wire.listProducers());
            }
        }
    }

    private void peerStatusChanged(PeerStatus status) {
        String peerId = status.peerId();
        if (peerId == null) {
            LOG.warn("ignoring peerStatusChanged without peerId"); // upstream would panic
            return;
        }
        if (peerId.equals(clientId)) {
            return; // our own registration, echoed to us as a listener
        }
        Meta peerMeta = metaOf(status.meta(), peerId);
        boolean added = false;
        boolean removed = false;
        synchronized (this) {
            if (status.isProducer()) {
                if (!knownProducers.containsKey(peerId)) {
                    knownProducers.put(peerId, peerMeta);
                    added = true;
                }
            } else if (knownProducers.containsKey(peerId)) { // meta may be null: test the key
                knownProducers.remove(peerId);
                removed = true;
            }
        }
        if (added) {
            events.producerAdded(peerId, peerMeta, true);
        } else if (removed) {
            events.producerRemoved(peerId, peerMeta);
        }
        if (everyProducer) {
            if (status.isProducer()) {
                startSessionWith(peerId);
            } else {
                producerSessions.producerLeft(peerId); // if it comes back, it gets a new session
            }
        }
    }

    /** Multi-producer mode: one session per producer; the producer offers. */
    private void startSessionWith(String producerId) {
        if (producerSessions.shouldStart(producerId)) {
            LOG.info("starting a session with producer {}", producerId);
            outbox.accept(Wire.startSession(producerId));
        }
    }

    private void startSession(String sessionId, String peerId, String offer) {
        if (settings.role() != Role.PRODUCER) {
            events.error(new SignallerException("Server asked a " + settings.role().wireName()
                    + " to start session " + sessionId + " as producer"));
            return;
        }
        SessionDescription offerDesc = null;
        if (offer != null) {
            if (!looksLikeSdp(offer)) {
                events.error(new SignallerException("Error parsing SDP: offer of session " + sessionId
                        + " does not start with v="));
                return;
            }
            offerDesc = SessionDescription.offer(offer);
        }
        sessions.add(sessionId);
        events.sessionRequested(sessionId, peerId, offerDesc);
    }

    private void peer(PeerMessage message) {
        String sessionId = message.sessionId();
        if (message.payload() instanceof dev.webrtcsink.api.protocol.SessionDescription d) {
            if (!looksLikeSdp(d.sdp())) {
                // upstream stops reading here; a bad message should not cost the other sessions
                events.error(new SignallerException("Error parsing SDP: " + d.type().wireName() + " of session "
                        + sessionId + " does not start with v="));
                return;
            }
            SessionDescription.Type type = d.type() == SdpType.OFFER
                    ? SessionDescription.Type.OFFER : SessionDescription.Type.ANSWER;
            events.sessionDescription(sessionId, new SessionDescription(type, d.sdp()));
        } else if (message.payload() instanceof dev.webrtcsink.api.protocol.IceCandidate c) {
            if (c.sdpMLineIndex() > Integer.MAX_VALUE) {
                events.error(new SignallerException("ICE candidate of session " + sessionId
                        + " has an impossible sdpMLineIndex " + c.sdpMLineIndex()));
                return;
            }
            events.iceCandidate(sessionId, IceCandidate.of(c.candidate(), (int) c.sdpMLineIndex()));
        }
    }

    private void producerList(List<PeerInfo> producers) {
        if (settings.role() == Role.CONSUMER && settings.connectToFirstProducer()
                && settings.producerPeerId() == null && firstProducerId == null && !producers.isEmpty()) {
            firstProducerId = producers.get(0).id();
            LOG.info("connecting to first producer {}", firstProducerId);
            outbox.accept(Wire.startSession(firstProducerId));
            return;
        }
        for (PeerInfo p : producers) {
            if (p.id().equals(clientId)) {
                continue;
            }
            Meta peerMeta = metaOf(p.meta(), p.id());
            boolean fresh;
            synchronized (this) {
                fresh = !knownProducers.containsKey(p.id());
                if (fresh) {
                    knownProducers.put(p.id(), peerMeta);
                }
            }
            if (fresh) {
                events.producerAdded(p.id(), peerMeta, false);
            }
            if (everyProducer) {
                startSessionWith(p.id());
            }
        }
    }

    /** The element ended a session itself: the server forgets it, so do we. */
    void sessionEndedLocally(String sessionId) {
        sessions.remove(sessionId);
        producerSessions.ended(sessionId);
    }

    /**
     * This connection is gone and the server (or its replacement) forgot everything about it:
     * its sessions are over and the producers we announced are unreachable under those ids.
     */
    void connectionLost(String why) {
        clientId = null;
        clientIdChanged.accept(null);
        List<String> ended = new ArrayList<>(sessions);
        sessions.clear();
        for (String sid : ended) {
            events.sessionEnded(sid, "Signalling connection lost: " + why);
        }
        Map<String, Meta> gone;
        synchronized (this) {
            gone = new LinkedHashMap<>(knownProducers);
            knownProducers.clear();
        }
        gone.forEach(events::producerRemoved);
    }

    /** The producer this consumer picked from the list, if any. */
    String firstProducerId() {
        return firstProducerId;
    }

    String clientId() {
        return clientId;
    }

    synchronized String dump() {
        return "clientId=" + clientId + ", sessions=" + sessions + ", producers=" + knownProducers.keySet()
                + (firstProducerId == null ? "" : ", firstProducer=" + firstProducerId)
                + (everyProducer ? ", every producer: " + producerSessions.dump() : "");
    }

    private static boolean looksLikeSdp(String sdp) {
        return sdp.startsWith("v=");
    }

    private static Meta metaOf(JsonNode json, String peerId) {
        if (json == null || json.isNull()) {
            return null;
        }
        if (!json.isObject()) {
            LOG.error("meta of peer {} is not a JSON object: {}", peerId, json);
            return null;
        }
        return Meta.fromJson(json);
    }
}
