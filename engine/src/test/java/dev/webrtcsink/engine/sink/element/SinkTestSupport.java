package dev.webrtcsink.engine.sink.element;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.engine.element.JavaObject;
import dev.webrtcsink.engine.testing.GstTesting;
import dev.webrtcsink.engine.testing.ServerFixture;
import dev.webrtcsink.server.SignallingServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.glib.Natives;

/** A producer pipeline around webrtcsink, and the waits the end-to-end tests share. */
final class SinkTestSupport {
    static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(20);

    private SinkTestSupport() {}

    static void init() {
        GstTesting.initWithOurElements();
    }

    static SignallingServer startServer() {
        return ServerFixture.startLoopback();
    }

    /** A port nobody listens on right now (bind port 0, read it, close). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The Java side of a webrtcsink element. */
    static WebRTCSinkElement javaSide(Element element) {
        return JavaObject.fromPointer(Natives.getRawPointer(element), WebRTCSinkElement.class).orElseThrow();
    }

    /** A running producer: live test sources into webrtcsink {@code ws}; errors and warnings are collected. */
    static final class Producer implements AutoCloseable {
        final Pipeline pipeline;
        final WebRTCSinkElement sink;
        final List<String> errors = new CopyOnWriteArrayList<>();
        final List<String> warnings = new CopyOnWriteArrayList<>();
        volatile boolean eos;

        Producer(String description) {
            pipeline = (Pipeline) Gst.parseLaunch(description);
            sink = javaSide(pipeline.getElementByName("ws"));
            pipeline.getBus().connect((Bus.ERROR) (source, code, message) -> errors.add(message));
            pipeline.getBus().connect((Bus.WARNING) (source, code, message) -> warnings.add(message));
            pipeline.getBus().connect((Bus.EOS) source -> eos = true);
        }

        /** Standard producer: 320x240 VP8-able video and stereo audio into webrtcsink on {@code uri}. */
        static Producer standard(String uri, String sinkProperties) {
            return new Producer("videotestsrc is-live=true ! video/x-raw,format=I420,width=320,height=240,framerate=30/1 "
                    + "! webrtcsink name=ws signaller::uri=" + uri + " stun-server=\"\" " + sinkProperties + " "
                    + "audiotestsrc is-live=true ! audio/x-raw,rate=48000,channels=2 ! ws.");
        }

        /** Plays and waits until the producer registered with the server; returns its peer id. */
        String playAndRegister() throws InterruptedException {
            pipeline.play();
            assertTrue(GstTesting.await(MEDIA_TIMEOUT, () -> peerId() != null || !errors.isEmpty()),
                    "producer registered\n" + sink.dump());
            assertTrue(errors.isEmpty(), errors.toString());
            return peerId();
        }

        String peerId() {
            return (String) sink.signallerObject().get("client-id");
        }

        @Override
        public void close() {
            pipeline.setState(State.NULL);
            pipeline.getBus().dispose();
        }
    }

    /** Waits until the consumer decoded {@code frames} more video frames and audio buffers. */
    static void assertReceives(SignallingConsumer c, long frames, Producer p) throws InterruptedException {
        long video0 = c.videoFrames.get();
        long audio0 = c.audioBuffers.get();
        assertTrue(GstTesting.await(MEDIA_TIMEOUT,
                        () -> c.videoFrames.get() >= video0 + frames && c.audioBuffers.get() >= audio0 + frames),
                c + "\n" + p.sink.dump() + "\nerrors " + p.errors);
    }
}
