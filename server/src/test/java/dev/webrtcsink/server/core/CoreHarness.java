package dev.webrtcsink.server.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Drives a {@link DefaultSignallingCore} the way the transport does, without sockets, and
 * records what it sends as (recipient, JSON text) in order. Session ids are readable:
 * {@code session-1}, {@code session-2}, …
 */
final class CoreHarness {
    /** One message the core handed to the outbox. */
    record Sent(String recipient, String json) {
        @Override
        public String toString() {
            return recipient + " <- " + json;
        }
    }

    private final Deque<Sent> outbox = new ArrayDeque<>();
    private int sessionCounter;
    final DefaultSignallingCore core =
            new DefaultSignallingCore((peerId, json) -> outbox.add(new Sent(peerId, json)),
                    () -> "session-" + ++sessionCounter);

    /** Connects {@code peerId} and checks that the first thing it gets is its welcome. */
    CoreHarness connect(String peerId) {
        core.connected(peerId);
        expect(peerId, "{\"type\":\"welcome\",\"peerId\":\"" + peerId + "\"}");
        return this;
    }

    CoreHarness receive(String peerId, String json) {
        core.received(peerId, json);
        return this;
    }

    CoreHarness disconnect(String peerId) {
        core.disconnected(peerId);
        return this;
    }

    /** Asserts the oldest unchecked message is exactly {@code json} to {@code recipient}. */
    CoreHarness expect(String recipient, String json) {
        assertFalse(outbox.isEmpty(), "expected " + recipient + " <- " + json + " but nothing was sent");
        assertEquals(new Sent(recipient, json), outbox.poll());
        return this;
    }

    /** Asserts the oldest unchecked message is an error to {@code recipient} with these details. */
    CoreHarness expectError(String recipient, String details) {
        return expect(recipient, "{\"type\":\"error\",\"details\":\"" + details.replace("\"", "\\\"") + "\"}");
    }

    /** Asserts nothing more was sent. */
    CoreHarness expectNothing() {
        assertTrue(outbox.isEmpty(), "unexpected messages: " + outbox);
        return this;
    }

    /** Discards {@code count} messages, checking they exist. */
    CoreHarness skip(int count) {
        for (int i = 0; i < count; i++) {
            assertFalse(outbox.isEmpty(), "fewer than " + count + " messages to skip");
            outbox.poll();
        }
        return this;
    }

    /** Everything sent and not yet checked, oldest first; clears it. */
    List<Sent> drain() {
        List<Sent> all = new ArrayList<>(outbox);
        outbox.clear();
        return all;
    }

    // ---------------------------------------------------------------- common scenes

    static String status(String roles, String meta) {
        return "{\"type\":\"setPeerStatus\",\"roles\":" + roles + ",\"meta\":" + meta + "}";
    }

    static String startSession(String peerId) {
        return "{\"type\":\"startSession\",\"peerId\":\"" + peerId + "\"}";
    }

    static String endSession(String sessionId) {
        return "{\"type\":\"endSession\",\"sessionId\":\"" + sessionId + "\"}";
    }

    static String endSessionV1_1(String sessionId, String error) {
        return "{\"type\":\"endSessionV1_1\",\"sessionId\":\"" + sessionId + "\",\"error\":"
                + (error == null ? "null" : "\"" + error + "\"") + "}";
    }

    static String sessionStarted(String producerId, String sessionId) {
        return "{\"type\":\"sessionStarted\",\"peerId\":\"" + producerId + "\",\"sessionId\":\"" + sessionId + "\"}";
    }

    static String startSessionToProducer(String consumerId, String sessionId) {
        return "{\"type\":\"startSession\",\"peerId\":\"" + consumerId + "\",\"sessionId\":\"" + sessionId + "\",\"offer\":null}";
    }

    static String peerStatusChanged(String roles, String meta, String peerId) {
        return "{\"type\":\"peerStatusChanged\",\"roles\":" + roles + ",\"meta\":" + meta + ",\"peerId\":\"" + peerId + "\"}";
    }

    /**
     * The common start of upstream's session tests: "producer" registers as producer, "consumer"
     * (no roles) starts session-1 with it; both session announcements are checked.
     */
    CoreHarness producerAndConsumerInSession() {
        connect("producer").receive("producer", status("[\"producer\"]", "null"));
        connect("consumer").receive("consumer", startSession("producer"));
        expect("consumer", sessionStarted("producer", "session-1"));
        expect("producer", startSessionToProducer("consumer", "session-1"));
        return expectNothing();
    }
}
