package dev.webrtcsink.signaller.websocket;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which producers a consumer in multi-producer mode (no producer id, no connect-to-first-producer: our
 * extension) has a session with, so that it starts exactly one session per producer: a producer is
 * "busy" from our {@code startSession} until that session ends or the producer leaves; then a producer
 * that announces itself again gets a new session. One per connection, like {@link ClientProtocol}.
 *
 * <p>Threading: the I/O thread and the element's thread ({@link #ended} for sessions it ends itself).
 */
final class ProducerSessions {
    private final Set<String> starting = new HashSet<>(); // startSession sent, sessionStarted not seen yet
    private final Map<String, String> producerBySession = new HashMap<>();
    /** Producers that left while we were starting a session with them: the server's error about it is expected. */
    private final Set<String> abandoned = new LinkedHashSet<>();

    /** Whether to ask {@code producerId} for a session now; if so it counts as starting from now on. */
    synchronized boolean shouldStart(String producerId) {
        if (starting.contains(producerId) || producerBySession.containsValue(producerId)) {
            return false;
        }
        starting.add(producerId);
        abandoned.remove(producerId);
        return true;
    }

    /** The server paired us with {@code producerId} (our request, or one the producer made). */
    synchronized void started(String sessionId, String producerId) {
        starting.remove(producerId);
        producerBySession.put(sessionId, producerId);
    }

    /** A session ended, whoever ended it. */
    synchronized void ended(String sessionId) {
        producerBySession.remove(sessionId);
    }

    /** {@code producerId} disconnected or stopped producing. */
    synchronized void producerLeft(String producerId) {
        if (starting.remove(producerId)) {
            abandoned.add(producerId);
        }
        producerBySession.values().removeIf(producerId::equals);
    }

    /**
     * Whether an error reply is the server refusing our {@code startSession} to a producer that left meanwhile
     * ("Peer with ID '<id>' not found", "Missing a producer or a consumer: ... id <id> ..."): a race, not a fault.
     */
    synchronized boolean isAboutAbandonedStart(String details) {
        for (String id : abandoned) {
            if (details != null && details.contains(id)) {
                abandoned.remove(id);
                return true;
            }
        }
        return false;
    }

    synchronized String dump() {
        return "starting=" + starting + ", sessions=" + producerBySession
                + (abandoned.isEmpty() ? "" : ", abandoned=" + abandoned);
    }
}
