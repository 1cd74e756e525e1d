package dev.webrtcsink.server.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.server.SignallingServer;
import dev.webrtcsink.server.testing.Await;
import dev.webrtcsink.server.testing.RawWebSocketClient;
import dev.webrtcsink.server.testing.RelayTestCore;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real WebSocket connections on loopback against the transport, with a relay test core. */
class WebSocketTransportTest {
    private static final Duration READ = Duration.ofSeconds(10);
    private static final Pattern WELCOME = Pattern.compile("\\{\"type\":\"welcome\",\"peerId\":\"([^\"]+)\"}");

    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private RelayTestCore core;
    private SignallingServer server;

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    private SignallingServer start(UnaryOperator<SignallingServer.Builder> configure) {
        core = new RelayTestCore();
        server = configure.apply(SignallingServer.builder().host("127.0.0.1").port(0).core(core::attach))
                .build().start();
        return server;
    }

    private RawWebSocketClient client() throws Exception {
        RawWebSocketClient client = RawWebSocketClient.connect(server.port());
        closeAfter.add(client);
        assertEquals(101, client.status);
        return client;
    }

    private static String peerIdOf(String welcome) {
        Matcher m = WELCOME.matcher(welcome);
        assertTrue(m.matches(), "expected a welcome, got " + welcome);
        return m.group(1);
    }

    @Test
    void welcomeComesBeforeAnyReplyAndPeerIdsAreUuidV4() throws Exception {
        start(b -> b);
        RawWebSocketClient client = client();
        client.sendText("first words"); // sent before reading the welcome
        String id = peerIdOf(client.nextText(READ));
        assertEquals(4, UUID.fromString(id).version());
        assertEquals("first words", client.nextText(READ));
        assertEquals(List.of("connected:" + id, "received:" + id + ":first words"), core.events);
        assertEquals(Set.of(EventLoop.THREAD_NAME), core.callingThreads, "every core call on the event loop");
    }

    @Test
    void oversizedMessageGetsAnErrorAndTheConnectionStaysUsable() throws Exception {
        start(b -> b);
        RawWebSocketClient client = client();
        client.nextText(READ);
        client.sendText("y".repeat(64 * 1024 + 1));
        String error = client.nextText(READ);
        assertTrue(error.startsWith("{\"type\":\"error\",\"details\":\"message too large: 65537 bytes"), error);
        client.sendText("still usable");
        assertEquals("still usable", client.nextText(READ));
        assertEquals(1, server.stats().transport().droppedForSize());
        assertEquals(1, core.count("received:"), "only the small message reached the core");
    }

    @Test
    void messageAtTheLimitPasses() throws Exception {
        start(b -> b.maxFrameBytes(1000));
        RawWebSocketClient client = client();
        client.nextText(READ);
        client.sendText("é".repeat(500)); // 1000 UTF-8 bytes
        assertEquals("é".repeat(500), client.nextText(READ));
        client.sendText("é".repeat(500) + "z");
        assertTrue(client.nextText(READ).contains("message too large: 1001 bytes, the limit is 1000 bytes"));
    }

    @Test
    void frameOverTheHardCapClosesWith1009() throws Exception {
        start(b -> b);
        RawWebSocketClient client = client();
        String id = peerIdOf(client.nextText(READ));
        try {
            client.sendFrame(RawWebSocketClient.TEXT, new byte[(1 << 20) + 1]);
            RawWebSocketClient.Frame frame = client.readFrame(READ);
            if (frame != null) {
                assertEquals(RawWebSocketClient.CLOSE, frame.opcode());
                assertEquals(1009, frame.closeCode());
            }
        } catch (java.net.SocketException resetWhileUnreadPayloadPending) {
            // the server closed with our payload still unread: TCP may turn that into a reset
        }
        Await.until(READ, "disconnected " + id, () -> core.has("disconnected:" + id));
        assertEquals(1, server.stats().transport().droppedForSize());
        assertEquals(0, core.count("received:"));
    }

    @Test
    void binaryFrameGetsAnErrorAndTheConnectionStaysUsable() throws Exception {
        start(b -> b);
        RawWebSocketClient client = client();
        client.nextText(READ);
        client.sendBinary(new byte[] {1, 2, 3});
        assertEquals("{\"type\":\"error\",\"details\":\"binary frames are not supported: send each message as one"
                + " JSON text frame\"}", client.nextText(READ));
        client.sendText("text works");
        assertEquals("text works", client.nextText(READ));
        assertEquals(1, server.stats().transport().binaryFramesRejected());
    }

    @Test
    void aBrowserLikeBurstOf300MessagesIsNotThrottledByDefault() throws Exception {
        start(b -> b);
        RawWebSocketClient client = client();
        client.nextText(READ);
        for (int i = 0; i < 300; i++) {
            client.sendText("{\"type\":\"peer\",\"ice\":" + i + "}");
        }
        for (int i = 0; i < 300; i++) {
            assertEquals("{\"type\":\"peer\",\"ice\":" + i + "}", client.nextText(READ));
        }
        assertEquals(0, server.stats().transport().droppedForRate());
    }

    @Test
    void aHostileBurstIsThrottledWithAnErrorAndTheConnectionSurvives() throws Exception {
        start(b -> b);
        RawWebSocketClient client = client();
        client.nextText(READ);
        for (int i = 0; i < 5000; i++) {
            client.sendText("m" + i);
        }
        String rateError = null;
        int echoes = 0;
        while (rateError == null) {
            String text = client.nextText(READ);
            if (text.startsWith("{\"type\":\"error\"")) {
                rateError = text;
            } else {
                echoes++;
            }
        }
        assertTrue(rateError.contains("rate limit exceeded: at most 200 messages per second (burst 1000)"), rateError);
        assertTrue(echoes >= 1000, "the burst allowance got through: " + echoes);
        assertTrue(server.stats().transport().droppedForRate() > 0);
        awaitEchoOnceTheBucketRefills(client, "after the storm");
    }

    /** The bucket refills: a message sent after a pause gets through again. */
    private static void awaitEchoOnceTheBucketRefills(RawWebSocketClient client, String message) {
        Await.until(Duration.ofSeconds(10), "the rate limiter admits messages again", () -> {
            try {
                client.sendText(message);
                while (true) {
                    if (client.nextText(Duration.ofMillis(500)).equals(message)) {
                        return true;
                    }
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void aReaderThatFallsBehindIsDisconnectedWhileOthersKeepWorking() throws Exception {
        start(b -> b);
        RawWebSocketClient slow = RawWebSocketClient.connectWithSmallReceiveBuffer(server.port());
        closeAfter.add(slow);
        String slowId = peerIdOf(slow.nextText(READ));
        RawWebSocketClient healthy = client();
        String healthyId = peerIdOf(healthy.nextText(READ));

        long start = System.nanoTime();
        slow.sendText("flood:20000:1024"); // ~20 MB the slow client never reads
        Await.until(Duration.ofSeconds(10), "slow reader disconnected", () -> core.has("disconnected:" + slowId));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
        assertEquals(1, server.stats().transport().slowConsumersDisconnected());

        healthy.sendText("still served");
        assertEquals("still served", healthy.nextText(READ));
        assertFalse(core.has("disconnected:" + healthyId));
    }

    @Test
    void aStalledSendQueueIsDisconnectedAfterTheStallTimeout() throws Exception {
        // a queue limit too large to trip, so only the stall detection can act
        start(b -> b.sendQueue(1_000_000, 1L << 40, Duration.ofSeconds(1)));
        RawWebSocketClient slow = RawWebSocketClient.connectWithSmallReceiveBuffer(server.port());
        closeAfter.add(slow);
        String slowId = peerIdOf(slow.nextText(READ));
        slow.sendText("flood:500:60000"); // 30 MB: far more than the socket buffers hold
        Await.until(Duration.ofSeconds(10), "stalled reader disconnected", () -> core.has("disconnected:" + slowId));
        assertEquals(1, server.stats().transport().slowConsumersDisconnected());
    }

    @Test
    void aPeerThatStopsAnsweringPingsIsDroppedAndItsDisconnectReported() throws Exception {
        start(b -> b.keepalive(Duration.ofMillis(300), Duration.ofMillis(1500)));
        RawWebSocketClient dead = client(); // completes the handshake, then never reads again
        String deadId = peerIdOf(dead.nextText(READ));
        RawWebSocketClient alive = client();
        String aliveId = peerIdOf(alive.nextText(READ));

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!core.has("disconnected:" + deadId)) {
            assertTrue(System.nanoTime() < deadline, "dead peer not dropped within 10 s");
            try {
                alive.nextText(Duration.ofMillis(100)); // answers pings while waiting
            } catch (SocketTimeoutException expected) {
                // nothing but pings
            }
        }
        assertTrue(alive.pingsSeen > 0, "the live peer was pinged");
        assertEquals(1, server.stats().transport().deadPeersDropped());
        alive.sendText("alive");
        assertEquals("alive", alive.nextText(READ));
        assertFalse(core.has("disconnected:" + aliveId));
        assertTrue(dead.awaitServerClose(READ), "the dead peer's socket was closed");
    }

    @Test
    void everyPeerIsDisconnectedExactlyOnceHoweverItLeaves() throws Exception {
        start(b -> b);
        List<String> ids = new ArrayList<>();
        List<RawWebSocketClient> clients = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            RawWebSocketClient c = client();
            ids.add(peerIdOf(c.nextText(READ)));
            clients.add(c);
        }
        for (int i = 0; i < clients.size(); i++) {
            RawWebSocketClient c = clients.get(i);
            c.sendText("bye " + i);
            switch (i % 3) {
                case 0 -> c.sendClose();           // polite
                case 1 -> c.close();               // abrupt
                default -> { }                     // left to server.stop()
            }
        }
        Await.until(READ, "polite and abrupt peers gone", () -> core.count("disconnected:") == 8);
        server.stop();
        for (String id : ids) {
            assertEquals(1, core.count("connected:" + id), id);
            assertEquals(1, core.count("disconnected:" + id), id);
            int connected = core.events.indexOf("connected:" + id);
            int disconnected = core.events.indexOf("disconnected:" + id);
            for (int i = 0; i < core.events.size(); i++) {
                if (core.events.get(i).startsWith("received:" + id)) {
                    assertTrue(i > connected && i < disconnected, "received between connected and disconnected");
                }
            }
        }
        assertEquals(Set.of(EventLoop.THREAD_NAME), core.callingThreads);
    }

    @Test
    void messagesAreRelayedBetweenPeers() throws Exception {
        start(b -> b);
        RawWebSocketClient a = client();
        peerIdOf(a.nextText(READ));
        RawWebSocketClient b = client();
        String bId = peerIdOf(b.nextText(READ));
        a.sendText("to:" + bId + ":{\"type\":\"peer\"}");
        assertEquals("{\"type\":\"peer\"}", b.nextText(READ));
    }

    @Test
    void extraResponseHeadersAreSentOnTheHandshake() throws Exception {
        start(b -> b.headers(Map.of("X-Served-By", "webrtcsink", "Access-Control-Allow-Origin", "*")));
        RawWebSocketClient client = client();
        assertEquals("webrtcsink", client.responseHeaders.get("x-served-by"));
        assertEquals("*", client.responseHeaders.get("access-control-allow-origin"));
        assertNotNull(client.nextText(READ));
    }

    @Test
    void aConnectionThatNeverUpgradesIsClosedAfterTheHandshakeTimeout() throws Exception {
        start(b -> b.limits(new TransportLimits(65536, 200, 1000, 1000, 1 << 20, Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMillis(300), 1000)));
        try (java.net.Socket idle = new java.net.Socket("127.0.0.1", server.port())) {
            idle.setSoTimeout(10_000);
            assertEquals(-1, idle.getInputStream().read(), "server closed the idle connection");
        }
        Await.until(READ, "rejection counted", () -> server.stats().transport().connectionsRejected() == 1);
    }

    @Test
    void aPingFloodIsRateLimitedLikeMessages() throws Exception {
        start(b -> b);
        RawWebSocketClient client = client();
        String id = peerIdOf(client.nextText(READ));
        for (int i = 0; i < 3000; i++) {
            client.sendFrame(RawWebSocketClient.PING, new byte[] {1});
        }
        Await.until(READ, "pings over the rate dropped", () -> server.stats().transport().droppedForRate() > 0);
        int pongs = 0;
        try {
            while (true) {
                RawWebSocketClient.Frame frame = client.readFrame(Duration.ofMillis(500));
                if (frame.opcode() == RawWebSocketClient.PONG) {
                    pongs++;
                }
            }
        } catch (SocketTimeoutException quiet) {
            // all answers read
        }
        assertTrue(pongs >= 1000 && pongs < 3000, "pongs: " + pongs);
        awaitEchoOnceTheBucketRefills(client, "still here");
        assertFalse(core.has("disconnected:" + id));
    }

    @Test
    void anEndlessRequestHeadIsRefusedWith431() throws Exception {
        start(b -> b);
        java.util.Map<String, String> huge = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            huge.put("X-Filler-" + i, "f".repeat(500));
        }
        try (RawWebSocketClient client = RawWebSocketClient.connect(server.port(), "/", huge)) {
            assertEquals(431, client.status);
            assertTrue(client.awaitServerClose(READ));
        }
    }

    @Test
    void errorMessagesAreValidJson() {
        assertEquals("{\"type\":\"error\",\"details\":\"a \\\"quoted\\\" \\\\ line\\nnext\\u0001\"}",
                WebSocketTransport.errorMessage("a \"quoted\" \\ line\nnext\u0001"));
    }

    @Test
    void utf8LengthIsExactNearTheLimit() {
        assertEquals(3, WebSocketTransport.utf8LengthOver("abc", 100));
        assertEquals(4 + 2 + 3 + 1, WebSocketTransport.utf8LengthOver("\uD83D\uDE00é€a", 2));
    }

    @Test
    void aClosedPeerGetsNoMoreMessages() throws Exception {
        start(b -> b);
        RawWebSocketClient a = client();
        String aId = peerIdOf(a.nextText(READ));
        a.sendClose();
        Await.until(READ, "a gone", () -> core.has("disconnected:" + aId));
        RawWebSocketClient b = client();
        b.nextText(READ);
        b.sendText("to:" + aId + ":lost"); // relayed to a departed peer: dropped, no harm
        b.sendText("fine");
        assertEquals("fine", b.nextText(READ));
        assertNull(a.nextText(READ));
    }
}
