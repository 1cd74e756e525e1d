package dev.webrtcsink.engine.sink.element;

import static dev.webrtcsink.engine.sink.element.SinkTestSupport.assertReceives;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.engine.sink.element.SinkTestSupport.Producer;
import dev.webrtcsink.engine.testing.GstTesting;
import dev.webrtcsink.server.SignallingServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** webrtcsink end to end: pipeline strings, a real signalling server on loopback, webrtcbin consumers. */
class WebRTCSinkElementTest {
    private static SignallingServer server;
    private static String uri;
    private final List<AutoCloseable> cleanup = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        SinkTestSupport.init();
        server = SinkTestSupport.startServer();
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
        // consumers first, then producers (reverse creation order)
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        cleanup.add(c);
        return c;
    }

    private SignallingConsumer consumer(String name, String producerId, String codec) {
        return closeLater(new SignallingConsumer(name, uri, producerId, codec, true));
    }

    @Test
    void vp8AndOpusReachAConsumer() throws Exception {
        Producer p = closeLater(Producer.standard(uri, "video-caps=video/x-vp8"));
        List<String> added = new CopyOnWriteArrayList<>();
        p.sink.connect("consumer-added", args -> added.add((String) args[1]));
        String producerId = p.playAndRegister();
        SignallingConsumer c = consumer("vp8", producerId, "VP8");
        assertReceives(c, 30, p);
        assertTrue(c.offer.contains("VP8/90000") && c.offer.contains("OPUS/48000"), c.offer);
        String[] sessions = (String[]) p.sink.emit("get-sessions");
        assertArrayEquals(new String[] {c.sessionId}, sessions);
        assertEquals(1, added.size(), "consumer-added once: " + added);
        String stats = p.sink.getString("stats");
        assertTrue(stats.startsWith("application/x-webrtcsink-stats") && stats.contains(c.sessionId), stats);
        assertTrue(p.errors.isEmpty(), p.errors.toString());
    }
}
