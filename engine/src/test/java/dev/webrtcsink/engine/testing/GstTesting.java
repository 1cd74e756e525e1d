package dev.webrtcsink.engine.testing;

import dev.webrtcsink.engine.WebRTC;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Version;

/** Shared test set-up: one GStreamer init per JVM, and condition waits with deadlines (no sleep-and-hope). */
public final class GstTesting {
    private GstTesting() {}

    public static synchronized void init() {
        if (!Gst.isInitialized()) {
            Gst.init(Version.of(1, 16), "engine-tests");
        }
    }

    /** GStreamer initialised and our elements (webrtcsink, webrtcsrc and their variants) registered. */
    public static void initWithOurElements() {
        init();
        WebRTC.register();
    }

    /** Polls {@code condition} until true or the deadline passes; returns the last result. */
    public static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    /** Runs GC until {@code condition} holds (native finalization of gst1-java-core wrappers needs GC). */
    public static boolean awaitWithGc(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            System.gc();
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
