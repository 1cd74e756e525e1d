package dev.webrtcsink.engine.src;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.engine.element.JavaObject;
import dev.webrtcsink.engine.testing.FrameCounter;
import dev.webrtcsink.engine.testing.GstTesting;
import dev.webrtcsink.engine.testing.ServerFixture;
import dev.webrtcsink.server.SignallingServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.glib.Natives;

/** A consumer pipeline around webrtcsrc with counting sinks, and the waits the tests share. */
final class SrcTestSupport {
    static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(30);

    private SrcTestSupport() {}

    static void init() {
        GstTesting.initWithOurElements();
    }

    static SignallingServer startServer() {
        return ServerFixture.startLoopback();
    }

    static WebRTCSrcElement javaSide(Element element) {
        return JavaObject.fromPointer(Natives.getRawPointer(element), WebRTCSrcElement.class).orElseThrow();
    }

    /**
     * A running consumer: a pipeline description with a webrtcsrc named {@code src} and fakesinks named
     * {@code video} and/or {@code audio}; buffers reaching them are counted (pad probes: test code only).
     */
    static final class Consumer implements AutoCloseable {
        final Pipeline pipeline;
        final WebRTCSrcElement src;
        final AtomicLong videoFrames = new AtomicLong();
        final AtomicLong audioBuffers = new AtomicLong();
        final List<String> errors = new CopyOnWriteArrayList<>();
        final List<String> padCaps = new CopyOnWriteArrayList<>();
        volatile long startNanos;
        private volatile FrameCounter videoCounter;
        volatile boolean eos;

        Consumer(String description) {
            pipeline = (Pipeline) Gst.parseLaunch(description);
            src = javaSide(pipeline.getElementByName("src"));
            pipeline.getBus().connect((Bus.ERROR) (source, code, message) -> errors.add(message));
            pipeline.getBus().connect((Bus.EOS) source -> eos = true);
            videoCounter = count("video", videoFrames);
            count("audio", audioBuffers);
        }

        /** Counts what reaches the fakesink {@code sinkName}, if the description has one. */
        private FrameCounter count(String sinkName, AtomicLong counter) {
            Element sink = pipeline.getElementByName(sinkName);
            if (sink == null) {
                return null;
            }
            return FrameCounter.install(sink.getStaticPad("sink"), counter, caps -> padCaps.add(sinkName + ": " + caps));
        }

        Consumer play() {
            startNanos = System.nanoTime();
            pipeline.play();
            return this;
        }

        long timeToFirstFrameMillis() {
            long firstFrameNanos = videoCounter == null ? 0 : videoCounter.firstBufferNanos();
            return firstFrameNanos == 0 ? -1 : (firstFrameNanos - startNanos) / 1_000_000;
        }

        void assertReceives(long frames, long audio, Object producer) throws InterruptedException {
            long v0 = videoFrames.get();
            long a0 = audioBuffers.get();
            assertTrue(GstTesting.await(MEDIA_TIMEOUT,
                            () -> (videoFrames.get() >= v0 + frames && audioBuffers.get() >= a0 + audio) || !errors.isEmpty()),
                    this + "\n" + producer);
            assertTrue(errors.isEmpty(), errors + "\n" + this);
        }

        @Override
        public String toString() {
            return "consumer: video " + videoFrames.get() + ", audio " + audioBuffers.get() + ", eos " + eos
                    + ", errors " + errors + ", caps " + padCaps + "\n" + src.dump();
        }

        @Override
        public void close() {
            pipeline.setState(State.NULL);
            pipeline.getBus().dispose();
            pipeline.dispose();
        }
    }
}
