package dev.webrtcsink.engine.gst;

import com.sun.jna.Pointer;
import dev.webrtcsink.engine.natives.GstLib;
import dev.webrtcsink.engine.natives.NativeSupport;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An owned GstPromise that can be awaited with a timeout. The reply is read in place (borrowed) through
 * {@link #reply()}, never wrapped in an owning object: that is what makes gst1-java-core's Promise/
 * WebRTCSessionDescription double-free.
 *
 * <p>Threading: {@link #await} blocks; never call it on a thread webrtcbin needs to make progress (its signal
 * callbacks), or it waits for ever. Hop to your own executor first.
 */
public final class GstPromise implements AutoCloseable {
    /** GstPromiseResult. */
    public enum Result { PENDING, INTERRUPTED, REPLIED, EXPIRED }

    private static final GstLib GST = GstLib.LIB;
    private static final Map<Long, CountDownLatch> WAITERS = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT_ID = new AtomicLong(1);

    /** Runs on the replying thread (webrtcbin's): only releases the waiter. */
    private static final GstLib.PromiseChangeFunc CHANGED = NativeSupport.keep((promise, data) -> {
        CountDownLatch latch = WAITERS.get(Pointer.nativeValue(data));
        if (latch != null) {
            latch.countDown();
        }
    }, "gst-promise");

    private static final GstLib.DestroyNotify FORGET = NativeSupport.keep(
            data -> WAITERS.remove(Pointer.nativeValue(data)), "gst-promise");

    private final Pointer promise;
    private final CountDownLatch changed = new CountDownLatch(1);
    private boolean closed;

    private GstPromise() {
        long id = NEXT_ID.getAndIncrement();
        WAITERS.put(id, changed);
        this.promise = GST.gst_promise_new_with_change_func(CHANGED, new Pointer(id), FORGET);
    }

    public static GstPromise create() {
        return new GstPromise();
    }

    /** The native promise, to pass as a signal argument. */
    public Pointer pointer() {
        return promise;
    }

    /**
     * Waits until the promise is replied, interrupted or expired.
     *
     * @throws TimeoutException after interrupting the promise, if nothing happened in time
     */
    public Result await(Duration timeout) throws InterruptedException, TimeoutException {
        if (!changed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            GST.gst_promise_interrupt(promise);
            throw new TimeoutException("promise not answered within " + timeout);
        }
        return Result.values()[GST.gst_promise_wait(promise)]; // already settled: returns at once
    }

    /** The reply structure (borrowed; valid until {@link #close()}), or null if none. */
    public Pointer reply() {
        return GST.gst_promise_get_reply(promise);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            GST.gst_mini_object_unref(promise);
        }
    }
}
