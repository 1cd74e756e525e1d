package dev.webrtcsink.signaller.websocket;

import dev.webrtcsink.api.IceCandidate;
import dev.webrtcsink.api.Meta;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.api.SignallerException;
import dev.webrtcsink.api.SignallerListener;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps the element's listener so that (1) once {@link #close()} returns, no call reaches it
 * any more, even one that was about to start on the I/O thread, and (2) an exception thrown
 * by the element is logged instead of killing the WebSocket read loop.
 *
 * <p>Every delivery holds {@link #lock}; {@link #close()} flips the flag, then takes the lock
 * once to wait out a delivery in progress. The lock is reentrant, so an element that calls
 * {@code stop()} from inside a callback does not deadlock.
 */
final class GatedListener implements SignallerListener {
    private static final Logger LOG = LoggerFactory.getLogger(GatedListener.class);

    private final SignallerListener delegate;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean open = true;

    GatedListener(SignallerListener delegate) {
        this.delegate = delegate;
    }

    /** Blocks until no delivery is running; none starts afterwards. */
    void close() {
        open = false;
        lock.lock();
        lock.unlock();
    }

    boolean isOpen() {
        return open;
    }

    /** Runs {@code action} (for example a property notification) under the same gate. */
    void deliver(String what, Runnable action) {
        call(what, () -> {
            action.run();
            return null;
        }, null);
    }

    private <T> T call(String what, Supplier<T> action, T whenClosed) {
        lock.lock();
        try {
            if (!open) {
                LOG.debug("signaller stopped, not delivering {}", what);
                return whenClosed;
            }
            return action.get();
        } catch (RuntimeException e) {
            LOG.error("listener failed handling {}", what, e);
            return whenClosed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void sessionRequested(String sessionId, String peerId, SessionDescription offer) {
        deliver("sessionRequested", () -> delegate.sessionRequested(sessionId, peerId, offer));
    }

    @Override
    public void sessionStarted(String sessionId, String peerId) {
        deliver("sessionStarted", () -> delegate.sessionStarted(sessionId, peerId));
    }

    @Override
    public void sessionDescription(String sessionId, SessionDescription description) {
        deliver("sessionDescription", () -> delegate.sessionDescription(sessionId, description));
    }

    @Override
    public void iceCandidate(String sessionId, IceCandidate candidate) {
        deliver("iceCandidate", () -> delegate.iceCandidate(sessionId, candidate));
    }

    @Override
    public void sessionEnded(String sessionId, String error) {
        deliver("sessionEnded", () -> delegate.sessionEnded(sessionId, error));
    }

    @Override
    public void producerAdded(String producerId, Meta meta, boolean newConnection) {
        deliver("producerAdded", () -> delegate.producerAdded(producerId, meta, newConnection));
    }

    @Override
    public void producerRemoved(String producerId, Meta meta) {
        deliver("producerRemoved", () -> delegate.producerRemoved(producerId, meta));
    }

    @Override
    public Meta requestMeta() {
        return call("requestMeta", delegate::requestMeta, null);
    }

    @Override
    public void error(SignallerException error) {
        LOG.warn("signalling error: {}", error.getMessage());
        deliver("error", () -> delegate.error(error));
    }

    @Override
    public void shutdown() {
        deliver("shutdown", delegate::shutdown);
    }
}
