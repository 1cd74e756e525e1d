package dev.webrtcsink.engine.src;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.engine.src.SrcTestSupport.Consumer;
import dev.webrtcsink.server.SignallingServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** webrtcsrc end to end: a real signalling server on loopback, hand-built and webrtcsink producers. */
class WebRTCSrcElementTest {
    private static SignallingServer server;
    private static String uri;
    private final List<AutoCloseable> cleanup = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        SrcTestSupport.init();
        server = SrcTestSupport.startServer();
        uri = "ws://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        cleanup.add(c);
        return c;
    }

    private Consumer consumer(String producerId, String branches) {
        return closeLater(new Consumer("webrtcsrc name=src signaller::uri=" + uri + " signaller::producer-peer-id="
                + producerId + " stun-server=\"\" " + branches)).play();
    }

    static final String DECODED = "src. ! queue ! videoconvert ! fakesink name=video sync=false "
            + "src. ! queue ! audioconvert ! fakesink name=audio sync=false";

    @Test
    void decodesVideoAndAudioFromAHandBuiltProducer() throws Exception {
        WebRtcBinProducer producer = closeLater(new WebRtcBinProducer(uri, true));
        String producerId = producer.awaitPeerId();
        Consumer c = consumer(producerId, DECODED);
        c.assertReceives(31, 10, producer);
        System.out.println("hand-built producer -> webrtcsrc: " + c.videoFrames.get() + " frames, "
                + c.audioBuffers.get() + " audio buffers, first frame after " + c.timeToFirstFrameMillis() + " ms; "
                + c.padCaps);
        assertTrue(c.padCaps.stream().anyMatch(s -> s.startsWith("video: video/x-raw")), c.padCaps.toString());
        assertTrue(c.padCaps.stream().anyMatch(s -> s.startsWith("audio: audio/x-raw")), c.padCaps.toString());
    }
}
