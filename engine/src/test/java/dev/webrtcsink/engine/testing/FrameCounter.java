package dev.webrtcsink.engine.testing;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.PadProbeType;

/**
 * Counts the buffers that reach a pad (usually a fakesink's) with a buffer probe, and notes when the first one came
 * and the pad's caps then. A Java call per buffer: test code only.
 */
public final class FrameCounter {
    private final Pad pad; // held with the counter, so the probe's callback stays reachable as long as it is used
    private final AtomicLong count;
    private volatile long firstBufferNanos;
    private volatile String firstCaps;

    private FrameCounter(Pad pad, AtomicLong count, Consumer<String> onFirstBuffer) {
        this.pad = pad;
        this.count = count;
        pad.addProbe(PadProbeType.BUFFER, (p, info) -> {
            if (count.incrementAndGet() == 1) {
                firstBufferNanos = System.nanoTime();
                String caps = String.valueOf(p.getCurrentCaps());
                firstCaps = caps;
                onFirstBuffer.accept(caps);
            }
            return PadProbeReturn.OK;
        });
    }

    /** Counts the buffers reaching {@code pad}. */
    public static FrameCounter install(Pad pad) {
        return install(pad, new AtomicLong());
    }

    /** Counts into {@code count}: a total the caller keeps, possibly over several pads. */
    public static FrameCounter install(Pad pad, AtomicLong count) {
        return install(pad, count, caps -> { });
    }

    /**
     * Counts into {@code count} and, on the buffer that makes it 1, hands the pad's caps to {@code onFirstBuffer}
     * (on the streaming thread).
     */
    public static FrameCounter install(Pad pad, AtomicLong count, Consumer<String> onFirstBuffer) {
        return new FrameCounter(pad, count, onFirstBuffer);
    }

    public long count() {
        return count.get();
    }

    /** {@link System#nanoTime()} when the count became 1; 0 before. */
    public long firstBufferNanos() {
        return firstBufferNanos;
    }

    /** The pad's caps when the count became 1; null before. */
    public String firstCaps() {
        return firstCaps;
    }

    public Pad pad() {
        return pad;
    }
}
