package dev.webrtcsink.examples.customsignaller;

import dev.webrtcsink.api.IceCandidate;
import dev.webrtcsink.api.Role;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.api.SignallerListener;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The example's transport: named rooms in this JVM. A room pairs its producer with each consumer that joins (one
 * session each) and carries their messages. Every side receives on its own thread, in order, as from a network.
 * To put the example on a real transport, {@link Room#send} is where a message would be serialised and sent, and
 * {@link Room#deliver} what the receiving side runs when one arrives.
 */
public final class Relay {
    /** What travels between the two sides of a session. */
    enum Kind { DESCRIPTION, CANDIDATE, END }

    record Message(Kind kind, String sessionId, SessionDescription description, IceCandidate candidate) {
        @Override
        public String toString() {
            return switch (kind) {
                case DESCRIPTION -> description.type().wireName() + " (" + description.sdp().length() + " bytes of SDP)";
                case CANDIDATE -> "candidate m-line " + candidate.sdpMLineIndex() + " " + candidate.candidate();
                case END -> "end of session";
            };
        }
    }

    private static final Map<String, Room> ROOMS = new ConcurrentHashMap<>();
    private static volatile Consumer<String> trace = line -> { };

    private Relay() {}

    /** Prints (or collects) one line per message relayed: what your own transport would carry. */
    public static void trace(Consumer<String> sink) {
        trace = sink == null ? line -> { } : sink;
    }

    static Room room(String name) {
        return ROOMS.computeIfAbsent(name, Room::new);
    }

    /** One room: a producer, its consumers, and the sessions between them. */
    static final class Room {
        private final String name;
        private final Map<RelaySignaller, ExecutorService> inboxes = new LinkedHashMap<>();
        /** Session id → its consumer; the producer is the other end of every session. */
        private final Map<String, RelaySignaller> sessions = new LinkedHashMap<>();
        private RelaySignaller producer;

        private Room(String name) {
            this.name = name;
        }

        synchronized void join(RelaySignaller side) {
            String id = side.role().name().toLowerCase() + "-" + Integer.toHexString(System.identityHashCode(side));
            inboxes.put(side, Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "relay-" + name + "-" + id);
                t.setDaemon(true);
                return t;
            }));
            if (side.role() == Role.PRODUCER) {
                if (producer != null) {
                    deliver(side, l -> l.error(new dev.webrtcsink.api.SignallerException(
                            "room " + name + " already has a producer")));
                    return;
                }
                producer = side;
                inboxes.keySet().stream().filter(s -> s.role() == Role.CONSUMER).forEach(this::startSession);
            } else if (producer != null) {
                startSession(side);
            }
        }

        /** A consumer meets the producer: the consumer learns of the session, the producer is asked to offer. */
        private void startSession(RelaySignaller consumer) {
            String sessionId = UUID.randomUUID().toString();
            sessions.put(sessionId, consumer);
            trace.accept(name + ": session " + sessionId + " starts");
            deliver(consumer, l -> l.sessionStarted(sessionId, "producer"));
            deliver(producer, l -> l.sessionRequested(sessionId, "consumer-" + sessionId, null));
        }

        synchronized void send(RelaySignaller from, Message message) {
            RelaySignaller consumer = sessions.get(message.sessionId());
            if (consumer == null) {
                return; // the session just ended: late candidates are expected, nothing to do
            }
            RelaySignaller to = from == producer ? consumer : producer;
            trace.accept(name + ": " + (from == producer ? "producer -> consumer: " : "consumer -> producer: ") + message);
            if (message.kind() == Kind.END) {
                sessions.remove(message.sessionId());
            }
            deliver(to, l -> {
                switch (message.kind()) {
                    case DESCRIPTION -> l.sessionDescription(message.sessionId(), message.description());
                    case CANDIDATE -> l.iceCandidate(message.sessionId(), message.candidate());
                    case END -> l.sessionEnded(message.sessionId(), null);
                }
            });
        }

        /** A side leaves: its sessions end for the other side; no event reaches it after this returns. */
        void leave(RelaySignaller side) {
            ExecutorService inbox;
            synchronized (this) {
                sessions.entrySet().removeIf(e -> {
                    boolean mine = side == producer || e.getValue() == side;
                    if (mine) {
                        RelaySignaller other = side == producer ? e.getValue() : producer;
                        if (other != null) {
                            deliver(other, l -> l.sessionEnded(e.getKey(), null));
                        }
                    }
                    return mine;
                });
                if (side == producer) {
                    producer = null;
                }
                inbox = inboxes.remove(side);
            }
            if (inbox != null) {
                inbox.shutdown();
                try {
                    inbox.awaitTermination(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** Runs {@code event} against the side's listener on the side's own thread. */
        private void deliver(RelaySignaller to, Consumer<SignallerListener> event) {
            ExecutorService inbox = inboxes.get(to);
            if (inbox == null) {
                return;
            }
            try {
                inbox.execute(() -> event.accept(to.events()));
            } catch (RejectedExecutionException leaving) {
                // the side is stopping: nothing may reach it any more
            }
        }

        synchronized String describe() {
            return "producer " + (producer == null ? "absent" : "present") + ", " + sessions.size() + " session(s)";
        }
    }
}
