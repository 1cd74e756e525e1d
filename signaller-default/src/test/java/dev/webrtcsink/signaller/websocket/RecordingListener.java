package dev.webrtcsink.signaller.websocket;

import static org.junit.jupiter.api.Assertions.fail;

import dev.webrtcsink.api.IceCandidate;
import dev.webrtcsink.api.Meta;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.api.SignallerException;
import dev.webrtcsink.api.SignallerListener;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Records listener events as one-line strings ("requested sid peer offer", "ended sid error",
 * ...) and lets a test wait for them. Also notices events delivered after {@link #closed()}.
 */
class RecordingListener implements SignallerListener {
    private final Meta meta;
    private final List<String> events = new ArrayList<>();
    private final List<Boolean> taken = new ArrayList<>();
    private volatile boolean closed;
    private volatile String lateEvent;
    volatile Consumer<String> onEvent = e -> {};

    RecordingListener(Meta meta) {
        this.meta = meta;
    }

    RecordingListener() {
        this(null);
    }

    /** From now on every event is a bug (call right after stop() returned). */
    void closed() {
        closed = true;
    }

    String lateEvent() {
        return lateEvent;
    }

    private void record(String e) {
        if (closed) {
            lateEvent = e;
        }
        synchronized (this) {
            events.add(e);
            taken.add(false);
            notifyAll();
        }
        onEvent.accept(e);
    }

    /** Waits for the first not yet awaited event starting with {@code prefix}, and returns it. */
    synchronized String await(String prefix) {
        long deadline = System.currentTimeMillis() + 15_000;
        while (true) {
            for (int i = 0; i < events.size(); i++) {
                if (!taken.get(i) && events.get(i).startsWith(prefix)) {
                    taken.set(i, true);
                    return events.get(i);
                }
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                fail("no event '" + prefix + "...' within 15 s; got " + events);
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    /** Field {@code index} (0-based, space separated) of an event line. */
    static String field(String event, int index) {
        return event.split(" ", index + 2)[index];
    }

    @Override
    public void sessionRequested(String sessionId, String peerId, SessionDescription offer) {
        record("requested " + sessionId + " " + peerId + " " + (offer == null ? null : offer.sdp()));
    }

    @Override
    public void sessionStarted(String sessionId, String peerId) {
        record("started " + sessionId + " " + peerId);
    }

    @Override
    public void sessionDescription(String sessionId, SessionDescription d) {
        record("sdp " + sessionId + " " + d.type().wireName() + " " + d.sdp());
    }

    @Override
    public void iceCandidate(String sessionId, IceCandidate c) {
        record("ice " + sessionId + " " + c.sdpMLineIndex() + " " + c.sdpMid() + " " + c.candidate());
    }

    @Override
    public void sessionEnded(String sessionId, String error) {
        record("ended " + sessionId + " " + error);
    }

    @Override
    public void producerAdded(String producerId, Meta m, boolean newConnection) {
        record("added " + producerId + " " + newConnection + " " + m);
    }

    @Override
    public void producerRemoved(String producerId, Meta m) {
        record("removed " + producerId + " " + m);
    }

    @Override
    public Meta requestMeta() {
        record("meta");
        return meta;
    }

    @Override
    public void error(SignallerException error) {
        record("error " + error.getMessage());
    }
}
