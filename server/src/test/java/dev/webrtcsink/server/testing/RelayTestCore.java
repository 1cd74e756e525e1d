package dev.webrtcsink.server.testing;

import dev.webrtcsink.server.core.CoreStats;
import dev.webrtcsink.server.core.Outbox;
import dev.webrtcsink.server.core.SignallingCore;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in {@link SignallingCore} for transport tests: welcomes like the real one, echoes
 * what it gets, and obeys a few commands:
 * <ul>
 *   <li>{@code flood:<count>:<size>} sends {@code count} messages of {@code size} chars back;</li>
 *   <li>{@code to:<peerId>:<text>} relays {@code text} to another peer.</li>
 * </ul>
 * It records every call (as {@code connected:<id>}, {@code received:<id>:<text>},
 * {@code disconnected:<id>}) and the threads that made them.
 */
public final class RelayTestCore implements SignallingCore {
    public final List<String> events = new CopyOnWriteArrayList<>();
    public final Set<String> callingThreads = ConcurrentHashMap.newKeySet();
    private final Set<String> connected = ConcurrentHashMap.newKeySet();
    private Outbox outbox;
    private long relayed;

    /** For {@code SignallingServer.builder().core(core::attach)}. */
    public RelayTestCore attach(Outbox out) {
        this.outbox = out;
        return this;
    }

    @Override
    public void connected(String peerId) {
        record("connected:" + peerId);
        connected.add(peerId);
        outbox.send(peerId, "{\"type\":\"welcome\",\"peerId\":\"" + peerId + "\"}");
    }

    @Override
    public void received(String peerId, String text) {
        if (text.startsWith("flood:")) {
            record("received:" + peerId + ":" + text);
            String[] parts = text.split(":");
            String payload = "x".repeat(Integer.parseInt(parts[2]));
            for (int i = 0, n = Integer.parseInt(parts[1]); i < n; i++) {
                outbox.send(peerId, payload);
            }
        } else if (text.startsWith("to:")) {
            record("received:" + peerId + ":" + text);
            String[] parts = text.split(":", 3);
            relayed++;
            outbox.send(parts[1], parts[2]);
        } else {
            record("received:" + peerId + ":" + (text.length() > 100 ? text.substring(0, 100) + "..." : text));
            outbox.send(peerId, text);
        }
    }

    @Override
    public void disconnected(String peerId) {
        record("disconnected:" + peerId);
        connected.remove(peerId);
    }

    @Override
    public CoreStats stats() {
        callingThreads.add(Thread.currentThread().getName());
        return new CoreStats(connected.size(), 0, 0, 0, relayed, 0);
    }

    @Override
    public String dump() {
        callingThreads.add(Thread.currentThread().getName());
        return "relay test core, peers " + connected;
    }

    public long count(String prefix) {
        return events.stream().filter(e -> e.startsWith(prefix)).count();
    }

    public boolean has(String event) {
        return events.contains(event);
    }

    private void record(String event) {
        callingThreads.add(Thread.currentThread().getName());
        events.add(event);
    }
}
