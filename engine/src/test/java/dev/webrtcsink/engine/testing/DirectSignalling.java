package dev.webrtcsink.engine.testing;

import dev.webrtcsink.api.AbstractSignaller;
import dev.webrtcsink.api.AbstractSignallerFactory;
import dev.webrtcsink.api.IceCandidate;
import dev.webrtcsink.api.PropertySpec;
import dev.webrtcsink.api.Role;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.api.Signaller;
import dev.webrtcsink.api.SignallerException;
import dev.webrtcsink.api.SignallerListener;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Test-only signaller factory {@code direct} (registered through ServiceLoader in the engine's test resources, so the
 * engine makes {@code directwebrtcsink} and {@code directwebrtcsrc} for tests only): pairs a producer and consumers in
 * the same JVM through an in-memory {@link Channel} named by the signaller property {@code channel}, with no server.
 *
 * <p>Unlike upstream's test DirectSignaller (signallable.md §6.3), where the sink offers, here the <b>consumer
 * offers</b>, as a WHEP client does: when a consumer joins a channel that has a producer, the consumer is told
 * {@code sessionRequested(id, producer, null)}; its offer reaches the producer as {@code sessionRequested(id,
 * consumer, offer)}, the answer and ICE candidates come back, and either side's {@code endSession} reaches the other as
 * {@code sessionEnded}. The channel records the traffic and can rewrite answers in transit, for tests.
 *
 * <p>Each started signaller delivers its events on its own thread, in order, as a network signaller would; stop()
 * waits for that thread, so no event follows it.
 */
public final class DirectSignalling extends AbstractSignallerFactory {
    public static final String NAME = "direct";
    public static final String CHANNEL = "channel";
    public static final String PEER_ID = "peer-id";
    static final List<PropertySpec> PROPERTIES = List.of(
            PropertySpec.string(CHANNEL, "default", "In-memory channel joined by one producer and its consumers"),
            PropertySpec.builder(PEER_ID, PropertySpec.Type.STRING).readOnly()
                    .description("This side's id on the channel while started").build());

    private static final Map<String, Channel> CHANNELS = new ConcurrentHashMap<>();
    private static final AtomicInteger PEERS = new AtomicInteger();

    /** ServiceLoader needs a public no-argument constructor. */
    public DirectSignalling() {
        super(NAME, "in-process test signaller, the consumer offers", "directwebrtcsink", "directwebrtcsrc",
                PROPERTIES);
    }

    @Override
    protected Signaller newSignaller(Role role) {
        return new Endpoint(role);
    }

    /** The channel called {@code name} (made on first use; lives for the JVM, tests use unique names). */
    public static Channel channel(String name) {
        return CHANNELS.computeIfAbsent(name, Channel::new);
    }

    /** What both sides of one channel see, and the hooks tests use. */
    public static final class Channel {
        private final String name;
        private final AtomicInteger sessions = new AtomicInteger();
        /** Consumer session id → the consumer in it; guarded by this. */
        private final Map<String, Endpoint> consumers = new LinkedHashMap<>();
        /** Sessions the producer was told about (it got the offer); guarded by this. */
        private final Set<String> atProducer = new HashSet<>();
        /** Consumers waiting for a producer to join; guarded by this. */
        private final List<Endpoint> waiting = new ArrayList<>();
        private Endpoint producer;
        /** Every description the consumers sent (offers), in order. */
        public final List<SessionDescription> offers = new CopyOnWriteArrayList<>();
        /** Every description the producer sent, after {@link #rewriteAnswers}, in order. */
        public final List<SessionDescription> answers = new CopyOnWriteArrayList<>();
        /** Session ids a consumer ended (endSession, or leaving while in the session). */
        public final List<String> endedByConsumer = new CopyOnWriteArrayList<>();
        /** Session ids the producer ended, with its error when it gave one ({@code id: error}). */
        public final List<String> endedByProducer = new CopyOnWriteArrayList<>();
        private volatile UnaryOperator<SessionDescription> answerRewriter = UnaryOperator.identity();

        private Channel(String name) {
            this.name = name;
        }

        /** Replaces the producer's descriptions on their way to the consumer ({@code null}: pass them unchanged). */
        public void rewriteAnswers(UnaryOperator<SessionDescription> rewriter) {
            answerRewriter = rewriter == null ? UnaryOperator.identity() : rewriter;
        }

        /** Sessions currently open on this channel. */
        public synchronized List<String> openSessions() {
            return List.copyOf(consumers.keySet());
        }

        /** Whether a producer is on the channel. */
        public synchronized boolean hasProducer() {
            return producer != null;
        }

        // ------------------------------------------------------------------ joining and leaving

        private synchronized void join(Endpoint e) {
            if (e.role == Role.CONSUMER) {
                if (producer == null) {
                    waiting.add(e);
                } else {
                    requestSession(e);
                }
                return;
            }
            if (producer != null) {
                e.deliver(l -> l.error(new SignallerException("channel " + name + " already has a producer")));
                return;
            }
            producer = e;
            waiting.forEach(this::requestSession);
            waiting.clear();
        }

        /** The consumer is asked to offer: the mode under test. */
        private void requestSession(Endpoint consumer) {
            String sessionId = name + "-session-" + sessions.incrementAndGet();
            consumers.put(sessionId, consumer);
            String producerId = producer.peerId;
            consumer.deliver(l -> l.sessionRequested(sessionId, producerId, null));
        }

        /** A stopped side leaves; the other side of each of its sessions learns the session ended. */
        private synchronized void leave(Endpoint e) {
            waiting.remove(e);
            if (e.role == Role.CONSUMER) {
                for (String sessionId : sessionsOf(e)) {
                    endFromConsumer(sessionId);
                }
                return;
            }
            if (producer == e) {
                producer = null;
                for (String sessionId : List.copyOf(consumers.keySet())) {
                    endFromProducer(sessionId, null);
                }
            }
        }

        private List<String> sessionsOf(Endpoint consumer) {
            return consumers.entrySet().stream().filter(en -> en.getValue() == consumer).map(Map.Entry::getKey).toList();
        }

        // ------------------------------------------------------------------ traffic

        private synchronized void fromConsumer(String sessionId, SessionDescription description) {
            offers.add(description);
            Endpoint consumer = consumers.get(sessionId);
            if (producer == null || consumer == null) {
                return;
            }
            // the first offer opens the session at the producer, as a WHEP POST or a startSession with an offer would
            boolean first = atProducer.add(sessionId);
            String consumerId = consumer.peerId;
            producer.deliver(l -> {
                if (first && description.type() == SessionDescription.Type.OFFER) {
                    l.sessionRequested(sessionId, consumerId, description);
                } else {
                    l.sessionDescription(sessionId, description);
                }
            });
        }

        private synchronized void fromProducer(String sessionId, SessionDescription description) {
            SessionDescription sent = answerRewriter.apply(description);
            answers.add(sent);
            Endpoint consumer = consumers.get(sessionId);
            if (consumer != null) {
                consumer.deliver(l -> l.sessionDescription(sessionId, sent));
            }
        }

        private synchronized void candidate(Endpoint from, String sessionId, IceCandidate candidate) {
            Endpoint to = from.role == Role.CONSUMER ? (atProducer.contains(sessionId) ? producer : null)
                    : consumers.get(sessionId);
            if (to != null) {
                to.deliver(l -> l.iceCandidate(sessionId, candidate));
            }
        }

        private synchronized void endFromConsumer(String sessionId) {
            if (consumers.remove(sessionId) == null) {
                return;
            }
            endedByConsumer.add(sessionId);
            if (atProducer.remove(sessionId) && producer != null) {
                producer.deliver(l -> l.sessionEnded(sessionId, null));
            }
        }

        private synchronized void endFromProducer(String sessionId, String error) {
            Endpoint consumer = consumers.remove(sessionId);
            if (consumer == null) {
                return;
            }
            atProducer.remove(sessionId);
            endedByProducer.add(error == null ? sessionId : sessionId + ": " + error);
            consumer.deliver(l -> l.sessionEnded(sessionId, error));
        }

        @Override
        public synchronized String toString() {
            return "channel " + name + ": producer " + (producer == null ? "none" : producer.peerId) + ", sessions "
                    + consumers.keySet() + ", waiting " + waiting.size() + ", offers " + offers.size() + ", answers "
                    + answers.size() + ", ended by consumer " + endedByConsumer + ", by producer " + endedByProducer;
        }
    }

    /** One side: a producer (webrtcsink) or a consumer (webrtcsrc). */
    private static final class Endpoint extends AbstractSignaller {
        private final Role role;
        private volatile ExecutorService events;
        private volatile Channel channel;
        private volatile String peerId;

        Endpoint(Role role) {
            super(PROPERTIES);
            this.role = role;
        }

        @Override
        public synchronized void start(SignallerListener listener) {
            if (events != null) {
                return;
            }
            attach(listener);
            String id = role.wireName() + "-" + PEERS.incrementAndGet();
            events = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "direct-signaller-" + id);
                t.setDaemon(true);
                return t;
            });
            peerId = id;
            update(PEER_ID, id);
            channel = channel(getString(CHANNEL));
            channel.join(this);
        }

        @Override
        public void stop() {
            ExecutorService e;
            synchronized (this) {
                e = events;
                if (e == null) {
                    return;
                }
                channel.leave(this);
                events = null;
            }
            e.shutdown(); // what was queued before leaving still arrives, as the contract allows until stop returns
            try {
                if (!e.awaitTermination(10, TimeUnit.SECONDS)) {
                    e.shutdownNow();
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            update(PEER_ID, null);
            detach();
        }

        /** Queues an event for the element; dropped once stopped. */
        void deliver(Consumer<SignallerListener> event) {
            ExecutorService e = events;
            if (e == null) {
                return;
            }
            try {
                e.execute(() -> event.accept(listener()));
            } catch (RejectedExecutionException stopped) {
                // stopping: the element no longer listens
            }
        }

        @Override
        public void sendSessionDescription(String sessionId, SessionDescription description) {
            Channel c = channel;
            if (c != null) {
                if (role == Role.CONSUMER) {
                    c.fromConsumer(sessionId, description);
                } else {
                    c.fromProducer(sessionId, description);
                }
            }
        }

        @Override
        public void sendIceCandidate(String sessionId, IceCandidate candidate) {
            Channel c = channel;
            if (c != null) {
                c.candidate(this, sessionId, candidate);
            }
        }

        @Override
        public void endSession(String sessionId) {
            endSessionWithError(sessionId, null);
        }

        @Override
        public void endSessionWithError(String sessionId, String error) {
            Channel c = channel;
            if (c == null) {
                return;
            }
            if (role == Role.CONSUMER) {
                c.endFromConsumer(sessionId);
            } else {
                c.endFromProducer(sessionId, error);
            }
        }
    }
}
