package dev.webrtcsink.engine.sink;

import dev.webrtcsink.api.IceCandidate;
import dev.webrtcsink.api.PropertySpec;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.api.Signaller;
import dev.webrtcsink.api.SignallerListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * In-process signaller for tests (like upstream's DirectSignaller, signallable.md §6.3): the
 * producer side is this {@link Signaller}; each {@link TestConsumer} is a remote peer that
 * talks to the controller through the listener given to {@link #start}.
 */
final class DirectSignaller implements Signaller {

    private final Map<String, TestConsumer> consumers = new ConcurrentHashMap<>();
    final CountDownLatch started = new CountDownLatch(1);
    private volatile SignallerListener listener;

    /** The controller's side of the link; valid once started. */
    SignallerListener producer() {
        return listener;
    }

    void register(TestConsumer consumer) {
        consumers.put(consumer.sessionId(), consumer);
    }

    @Override
    public void start(SignallerListener l) {
        listener = l;
        started.countDown();
    }

    @Override
    public void stop() {
        listener = null;
    }

    @Override
    public void sendSessionDescription(String sessionId, SessionDescription description) {
        TestConsumer c = consumers.get(sessionId);
        if (c != null) {
            c.onRemoteDescription(description);
        }
    }

    @Override
    public void sendIceCandidate(String sessionId, IceCandidate candidate) {
        TestConsumer c = consumers.get(sessionId);
        if (c != null) {
            c.onRemoteCandidate(candidate);
        }
    }

    @Override
    public void endSession(String sessionId) {
        endSessionWithError(sessionId, null);
    }

    @Override
    public void endSessionWithError(String sessionId, String error) {
        TestConsumer c = consumers.remove(sessionId);
        if (c != null) {
            c.onEndedByProducer(error);
        }
    }

    @Override
    public List<PropertySpec> properties() {
        return List.of();
    }

    @Override
    public Object get(String property) {
        throw new IllegalArgumentException("no property " + property);
    }

    @Override
    public void set(String property, Object value) {
        throw new IllegalArgumentException("no property " + property);
    }
}
