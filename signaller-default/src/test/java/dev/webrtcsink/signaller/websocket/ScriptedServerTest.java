package dev.webrtcsink.signaller.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.webrtcsink.api.IceCandidate;
import dev.webrtcsink.api.Meta;
import dev.webrtcsink.api.Role;
import dev.webrtcsink.api.SessionDescription;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The signaller against a scripted server: exact wire messages out, every server message in,
 * errors, lifecycle and reconnection.
 */
class ScriptedServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final SignallerFixture fixture = new SignallerFixture();

    static void assertJson(String expected, String actual) {
        try {
            assertEquals(JSON.readTree(expected), JSON.readTree(actual), actual);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void producerSendsVersionFirstThenRegistersWithItsMeta() throws Exception {
        ScriptedServer server = fixture.scriptedServer(0);
        WebSocketSignaller s = fixture.signaller(Role.PRODUCER, server.uri("ws"), Map.of());
        List<String> clientIds = new ArrayList<>();
        s.addPropertyListener((name, value) -> {
            if (name.equals("client-id")) {
                synchronized (clientIds) {
                    clientIds.add(String.valueOf(value));
                }
            }
        });
        RecordingListener events = new RecordingListener(Meta.of(Map.of("name", "cam")));
        s.start(events);
        List<String> frames = server.awaitReceived(2);
        assertJson("{\"type\":\"setProtocolVersion\",\"version\":\"v1_1\"}", frames.get(0));
        assertJson("{\"type\":\"setPeerStatus\",\"roles\":[\"producer\"],\"meta\":{\"name\":\"cam\"},"
                + "\"peerId\":\"peer-1\"}", frames.get(1));
        assertEquals("peer-1", s.get("client-id"));
        assertEquals("meta", events.events().get(0)); // asked once, before welcome was handled
        s.stop();
        events.closed();
        assertNull(s.get("client-id"));
        synchronized (clientIds) {
            assertEquals(List.of("peer-1", "null"), clientIds);
        }
        Thread.sleep(50);
        assertEquals(1, events.events().stream().filter("meta"::equals).count());
    }

    @Test
    void producerHandlesEveryServerMessageAndSendsTheSpecifiedJson() throws Exception {
        ScriptedServer server = fixture.scriptedServer(0);
        WebSocketSignaller s = fixture.signaller(Role.PRODUCER, server.uri("ws"), Map.of());
        RecordingListener events = new RecordingListener();
        s.start(events);
        server.awaitReceived(2);

        server.sendToAll("{\"type\":\"startSession\",\"peerId\":\"c1\",\"sessionId\":\"s1\",\"offer\":null}");
        assertEquals("requested s1 c1 null", events.await("requested"));
        server.sendToAll("{\"type\":\"startSession\",\"peerId\":\"c2\",\"sessionId\":\"s2\",\"offer\":\"v=0 offer\"}");
        assertEquals("requested s2 c2 v=0 offer", events.await("requested"));
        server.sendToAll("{\"type\":\"peer\",\"sessionId\":\"s1\",\"sdp\":{\"type\":\"answer\",\"sdp\":\"v=0 a\"}}");
        assertEquals("sdp s1 answer v=0 a", events.await("sdp"));
        server.sendToAll("{\"type\":\"peer\",\"sessionId\":\"s1\",\"ice\":{\"candidate\":\"candidate:1\","
                + "\"sdpMLineIndex\":2,\"sdpMid\":\"v\"}}");
        assertEquals("ice s1 2 null candidate:1", events.await("ice"));
        server.sendToAll("{\"type\":\"endSession\",\"sessionId\":\"s1\"}");
        assertEquals("ended s1 null", events.await("ended"));
        server.sendToAll("{\"type\":\"endSessionV1_1\",\"sessionId\":\"s2\",\"error\":\"ICE failed\"}");
        assertEquals("ended s2 ICE failed", events.await("ended"));
        server.sendToAll("{\"type\":\"listConsumers\",\"consumers\":[]}"); // ignored

        s.sendSessionDescription("s3", SessionDescription.offer("v=0 o"));
        s.sendSessionDescription("s3", SessionDescription.answer("v=0 a"));
        s.sendIceCandidate("s3", new IceCandidate("candidate:9", 1, "audio"));
        s.endSession("s3");
        s.endSessionWithError("s4", "boom");
        s.endSessionWithError("s5", null);
        List<String> frames = server.awaitReceived(8);
        assertJson("{\"type\":\"peer\",\"sessionId\":\"s3\",\"sdp\":{\"type\":\"offer\",\"sdp\":\"v=0 o\"}}", frames.get(2));
        assertJson("{\"type\":\"peer\",\"sessionId\":\"s3\",\"sdp\":{\"type\":\"answer\",\"sdp\":\"v=0 a\"}}", frames.get(3));
        assertJson("{\"type\":\"peer\",\"sessionId\":\"s3\",\"ice\":{\"candidate\":\"candidate:9\",\"sdpMLineIndex\":1}}",
                frames.get(4));
        assertJson("{\"type\":\"endSession\",\"sessionId\":\"s3\"}", frames.get(5));
        assertJson("{\"type\":\"endSessionV1_1\",\"sessionId\":\"s4\",\"error\":\"boom\"}", frames.get(6));
        assertJson("{\"type\":\"endSessionV1_1\",\"sessionId\":\"s5\",\"error\":null}", frames.get(7));
        assertTrue(events.events().stream().noneMatch(e -> e.startsWith("error")), events.events().toString());
    }

    @Test
    void serverErrorsUnknownMessagesAndBadSdpAreReportedAndReadingContinues() throws Exception {
        ScriptedServer server = fixture.scriptedServer(0);
        WebSocketSignaller s = fixture.signaller(Role.PRODUCER, server.uri("ws"), Map.of());
        RecordingListener events = new RecordingListener();
        s.start(events);
        server.awaitReceived(2);
        server.sendToAll("{\"type\":\"error\",\"details\":\"Peer with ID 'x' not found\"}");
        assertEquals("error Error message from server: Peer with ID 'x' not found", events.await("error"));
        server.sendToAll("garbage");
        assertEquals("error Unknown message from server: garbage", events.await("error"));
        server.sendToAll("{\"type\":\"whatever\"}");
        assertEquals("error Unknown message from server: {\"type\":\"whatever\"}", events.await("error"));
        server.sendToAll("{\"type\":\"peer\",\"sessionId\":\"s1\",\"sdp\":{\"type\":\"answer\",\"sdp\":\"nonsense\"}}");
        assertTrue(events.await("error").startsWith("error Error parsing SDP"));
        server.sendToAll("{\"type\":\"startSession\",\"peerId\":\"c1\",\"sessionId\":\"s1\",\"offer\":null}");
        assertEquals("requested s1 c1 null", events.await("requested"));
    }

    @Test
    void aThrowingListenerDoesNotBreakTheConnection() throws Exception {
        ScriptedServer server = fixture.scriptedServer(0);
        WebSocketSignaller s = fixture.signaller(Role.PRODUCER, server.uri("ws"), Map.of());
        RecordingListener events = new RecordingListener() {
            @Override
            public void sessionRequested(String sessionId, String peerId, SessionDescription offer) {
                super.sessionRequested(sessionId, peerId, offer);
                throw new IllegalStateException("element bug");
            }
        };
        s.start(events);
        server.awaitReceived(2);
        server.sendToAll("{\"type\":\"startSession\",\"peerId\":\"c\",\"sessionId\":\"s1\",\"offer\":null}");
        server.sendToAll("{\"type\":\"startSession\",\"peerId\":\"c\",\"sessionId\":\"s2\",\"offer\":null}");
        events.await("requested s1");
        events.await("requested s2");
        s.endSession("s1");
        assertJson("{\"type\":\"endSession\",\"sessionId\":\"s1\"}", server.awaitReceived(3).get(2));
    }

    @Test
    void headersGoIntoTheHandshakeAndTheQueryStaysHome() throws Exception {
        ScriptedServer server = fixture.scriptedServer(0);
        WebSocketSignaller s = fixture.signaller(Role.CONSUMER, server.uri("ws") + "/room?peer-id=prod-1",
                Map.of("headers", "headers,x-token=abc,cookie=\"session=1; lang=en\",bad:name=1"));
        s.start(new RecordingListener());
        List<String> frames = server.awaitReceived(3);
        Map<String, String> headers = server.lastHeaders();
        assertEquals("abc", headers.get("X-Token"));
        assertEquals("session=1; lang=en", headers.get("Cookie"));
        assertEquals("/room", headers.get(":resource"));
        // consumer with a producer id: no role, then straight to the producer
        assertJson("{\"type\":\"setPeerStatus\",\"roles\":[],\"meta\":null,\"peerId\":\"peer-1\"}", frames.get(1));
        assertJson("{\"type\":\"startSession\",\"peerId\":\"prod-1\",\"offer\":null}", frames.get(2));
    }

    @Test
    void consumerWithoutProducerStartsOneSessionPerProducerAndStillAcceptsProducerSessions() throws Exception {
        ScriptedServer server = fixture.scriptedServer(0);
        WebSocketSignaller s = fixture.signaller(Role.CONSUMER, server.uri("ws"), Map.of());
        RecordingListener events = new RecordingListener();
        s.start(events);
        List<String> frames = server.awaitReceived(3);
        assertJson("{\"type\":\"setPeerStatus\",\"roles\":[\"consumer\",\"listener\"],\"meta\":null,"
                + "\"peerId\":\"peer-1\"}", frames.get(1));
        assertJson("{\"type\":\"list\"}", frames.get(2));
        server.sendToAll("{\"type\":\"peerStatusChanged\",\"roles\":[\"consumer\",\"listener\"],\"meta\":null,"
                + "\"peerId\":\"peer-1\"}"); // ourselves: ignored
        server.sendToAll("{\"type\":\"list\",\"producers\":[{\"id\":\"p1\",\"meta\":{\"name\":\"a\"}}]}");
        assertJson("{\"type\":\"startSession\",\"peerId\":\"p1\",\"offer\":null}", server.awaitReceived(4).get(3));
        assertEquals("added p1 false {\"name\":\"a\"}", events.await("added"));

        // a producer-initiated session still works, and that producer is not asked for another one
        server.sendToAll("{\"type\":\"sessionStarted\",\"peerId\":\"p2\",\"sessionId\":\"s2\"}");
        assertEquals("started s2 p2", events.await("started"));
        server.sendToAll("{\"type\":\"peer\",\"sessionId\":\"s2\",\"sdp\":{\"type\":\"offer\",\"sdp\":\"v=0 o\"}}");
        assertEquals("sdp s2 offer v=0 o", events.await("sdp"));
        server.sendToAll("{\"type\":\"peerStatusChanged\",\"roles\":[\"producer\"],\"meta\":null,\"peerId\":\"p2\"}");
        server.sendToAll("{\"type\":\"peerStatusChanged\",\"roles\":[\"producer\"],\"meta\":null,\"peerId\":\"p1\"}");
        assertEquals("added p2 true null", events.await("added"));
        server.sendToAll("{\"type\":\"peerStatusChanged\",\"roles\":[\"producer\"],\"meta\":null,\"peerId\":\"p3\"}");
        assertJson("{\"type\":\"startSession\",\"peerId\":\"p3\",\"offer\":null}", server.awaitReceived(5).get(4));

        // p3 leaves before its session started: the server's refusal is expected, not an error
        server.sendToAll("{\"type\":\"peerStatusChanged\",\"roles\":[],\"meta\":null,\"peerId\":\"p3\"}");
        assertEquals("removed p3 null", events.await("removed"));
        server.sendToAll("{\"type\":\"error\",\"details\":\"Peer with ID 'p3' not found\"}");
        // p1's session ends: p1 announcing itself again gets a new one
        server.sendToAll("{\"type\":\"sessionStarted\",\"peerId\":\"p1\",\"sessionId\":\"s1\"}");
        server.sendToAll("{\"type\":\"endSession\",\"sessionId\":\"s1\"}");
        assertEquals("ended s1 null", events.await("ended"));
        server.sendToAll("{\"type\":\"peerStatusChanged\",\"roles\":[\"producer\"],\"meta\":{\"name\":\"b\"},\"peerId\":\"p1\"}");
        assertJson("{\"type\":\"startSession\",\"peerId\":\"p1\",\"offer\":null}", server.awaitReceived(6).get(5));
        // other errors still are errors; a last producer marks the end of what was sent
        server.sendToAll("{\"type\":\"error\",\"details\":\"boom\"}");
        assertEquals("error Error message from server: boom", events.await("error"));
        server.sendToAll("{\"type\":\"peerStatusChanged\",\"roles\":[\"producer\"],\"meta\":null,\"peerId\":\"p4\"}");
        assertJson("{\"type\":\"startSession\",\"peerId\":\"p4\",\"offer\":null}", server.awaitReceived(7).get(6));
        assertEquals(7, server.received().size(), server.received().toString());
        assertEquals(1, events.events().stream().filter(e -> e.startsWith("error")).count(), events.events().toString());
    }

    @Test
    void listenerTracksProducers() throws Exception {
        ScriptedServer server = fixture.scriptedServer(0);
        WebSocketSignaller s = fixture.signaller(Role.LISTENER, server.uri("ws"), Map.of());
        RecordingListener events = new RecordingListener();
        s.start(events);
        List<String> frames = server.awaitReceived(3);
        assertJson("{\"type\":\"setPeerStatus\",\"roles\":[\"listener\"],\"meta\":null,\"peerId\":\"peer-1\"}",
                frames.get(1));
        assertJson("{\"type\":\"list\"}", frames.get(2));
        server.sendToAll("{\"type\":\"list\",\"producers\":[{\"id\":\"p1\",\"meta\":{\"name\":\"a\"}},"
                + "{\"id\":\"p2\",\"meta\":null}]}");
        assertEquals("added p1 false {\"name\":\"a\"}", events.await("added"));
        assertEquals("added p2 false null", events.await("added"));
        server.sendToAll("{\"type\":\"peerStatusChanged\",\"roles\":[\"listener\"],\"meta\":null,\"peerId\":\"peer-1\"}");
        server.sendToAll("{\"type\":\"peerStatusChanged\",\"roles\":[\"producer\"],\"meta\":{\"name\":\"b\"},\"peerId\":\"p3\"}");
        assertEquals("added p3 true {\"name\":\"b\"}", events.await("added"));
        server.sendToAll("{\"type\":\"peerStatusChanged\",\"roles\":[\"producer\"],\"meta\":7,\"peerId\":\"p1\"}"); // known
        server.sendToAll("{\"type\":\"peerStatusChanged\",\"roles\":[],\"meta\":null,\"peerId\":\"p2\"}");
        assertEquals("removed p2 null", events.await("removed"));
        server.sendToAll("{\"type\":\"peerStatusChanged\",\"roles\":[],\"meta\":null,\"peerId\":\"p2\"}"); // unknown now
        server.sendToAll("{\"type\":\"peerStatusChanged\",\"roles\":[],\"meta\":{\"name\":\"a\"},\"peerId\":\"p1\"}");
        assertEquals("removed p1 {\"name\":\"a\"}", events.await("removed"));
        assertEquals(3, events.events().stream().filter(e -> e.startsWith("added")).count());
        assertEquals(2, events.events().stream().filter(e -> e.startsWith("removed")).count());
    }

    @Test
    void connectToFirstProducerPicksTheFirstListed() throws Exception {
        ScriptedServer server = fixture.scriptedServer(0);
        WebSocketSignaller s = fixture.signaller(Role.CONSUMER, server.uri("ws") + "?connect-to-first-producer=true",
                Map.of());
        s.start(new RecordingListener());
        List<String> frames = server.awaitReceived(3);
        assertJson("{\"type\":\"setPeerStatus\",\"roles\":[],\"meta\":null,\"peerId\":\"peer-1\"}", frames.get(1));
        assertJson("{\"type\":\"list\"}", frames.get(2));
        server.sendToAll("{\"type\":\"list\",\"producers\":[{\"id\":\"p7\",\"meta\":null},{\"id\":\"p8\",\"meta\":null}]}");
        assertJson("{\"type\":\"startSession\",\"peerId\":\"p7\",\"offer\":null}", server.awaitReceived(4).get(3));
    }

    @Test
    void failingFirstConnectIsAnError() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort(); // nothing listens there once closed
        }
        WebSocketSignaller s = fixture.signaller(Role.PRODUCER, "ws://127.0.0.1:" + port, Map.of());
        RecordingListener events = new RecordingListener();
        s.start(events);
        String error = events.await("error");
        assertTrue(error.startsWith("error Error receiving: cannot connect to ws://127.0.0.1:" + port), error);
        s.stop();
    }

    @Test
    void stopLeavesNoThreadsAndSilencesTheListener() throws Exception {
        ScriptedServer server = fixture.scriptedServer(0);
        List<String> before = Threads.signallerThreads();
        assertEquals(List.of(), before);
        for (int i = 0; i < 3; i++) {
            WebSocketSignaller s = fixture.signaller(Role.PRODUCER, server.uri("ws"), Map.of());
            RecordingListener events = new RecordingListener();
            s.start(events);
            server.awaitReceived(2 * (i + 1));
            assertTrue(Threads.signallerThreads().size() >= 2, Threads.signallerThreads().toString());
            // keep the server talking while we stop, to catch late deliveries
            server.sendToAll("{\"type\":\"startSession\",\"peerId\":\"c\",\"sessionId\":\"s\",\"offer\":null}");
            s.stop();
            events.closed();
            assertEquals(List.of(), Threads.signallerThreads());
            server.sendToAll("{\"type\":\"startSession\",\"peerId\":\"c\",\"sessionId\":\"t\",\"offer\":null}");
            Thread.sleep(50);
            assertNull(events.lateEvent());
            s.sendSessionDescription("s", SessionDescription.offer("v=0")); // dropped, no exception
            s.stop(); // idempotent
        }
    }

    @Test
    void sendsWhileConnectingAreQueuedBehindTheProtocolVersion() throws Exception {
        ScriptedServer server = fixture.scriptedServer(0);
        server.holdHandshakes = new java.util.concurrent.CountDownLatch(1);
        WebSocketSignaller s = fixture.signaller(Role.PRODUCER, server.uri("ws"), Map.of());
        s.start(new RecordingListener());
        assertTrue(server.handshakeSeen.await(10, java.util.concurrent.TimeUnit.SECONDS));
        s.endSession("early-1");
        s.endSession("early-2");
        server.holdHandshakes.countDown();
        List<String> frames = server.awaitReceived(4);
        assertJson("{\"type\":\"setProtocolVersion\",\"version\":\"v1_1\"}", frames.get(0));
        assertJson("{\"type\":\"endSession\",\"sessionId\":\"early-1\"}", frames.get(1));
        assertJson("{\"type\":\"endSession\",\"sessionId\":\"early-2\"}", frames.get(2));
        assertTrue(frames.get(3).contains("setPeerStatus"), frames.get(3));
    }

    @Test
    void stopWaitsForACallbackThatIsSendingWithoutDeadlock() throws Exception {
        ScriptedServer server = fixture.scriptedServer(0);
        WebSocketSignaller s = fixture.signaller(Role.PRODUCER, server.uri("ws"), Map.of());
        java.util.concurrent.CountDownLatch inCallback = new java.util.concurrent.CountDownLatch(1);
        RecordingListener events = new RecordingListener() {
            @Override
            public void sessionRequested(String sessionId, String peerId, SessionDescription offer) {
                inCallback.countDown();
                try {
                    Thread.sleep(300); // stop() is called meanwhile and must wait for us
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                s.sendSessionDescription(sessionId, SessionDescription.offer("v=0")); // must not deadlock
                super.sessionRequested(sessionId, peerId, offer);
            }
        };
        s.start(events);
        server.awaitReceived(2);
        server.sendToAll("{\"type\":\"startSession\",\"peerId\":\"c\",\"sessionId\":\"s\",\"offer\":null}");
        assertTrue(inCallback.await(10, java.util.concurrent.TimeUnit.SECONDS));
        s.stop();
        // the callback finished before stop() returned
        assertEquals(List.of("meta", "requested s c null"), events.events());
    }

    @Test
    void stopDuringConnectAbortsIt() throws Exception {
        // a listening socket that never answers the WebSocket handshake
        try (ServerSocket silent = new ServerSocket(0)) {
            WebSocketSignaller s = fixture.signaller(Role.PRODUCER, "ws://127.0.0.1:" + silent.getLocalPort(),
                    Map.of());
            RecordingListener events = new RecordingListener();
            s.start(events);
            s.sendSessionDescription("s", SessionDescription.offer("v=0")); // queued while connecting
            Thread.sleep(200);
            long t0 = System.nanoTime();
            s.stop();
            events.closed();
            assertTrue(System.nanoTime() - t0 < 3_000_000_000L, "stop took too long");
            assertEquals(List.of(), Threads.signallerThreads());
            assertEquals(List.of(), events.events().stream().filter(e -> !e.equals("meta")).toList());
        }
    }

    @Test
    void connectTimeoutCoversTheHandshake() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            WebSocketSignaller s = fixture.signaller(Role.PRODUCER, "ws://127.0.0.1:" + silent.getLocalPort(),
                    Map.of("connect-timeout-ms", 300));
            RecordingListener events = new RecordingListener();
            s.start(events);
            String error = events.await("error");
            assertTrue(error.contains("no WebSocket handshake reply within 300 ms"), error);
        }
    }

    @Test
    void reconnectsRegistersAgainAndEndsTheLostSessions() throws Exception {
        ScriptedServer first = fixture.scriptedServer(0);
        int port = first.getPort();
        WebSocketSignaller s = fixture.signaller(Role.PRODUCER, first.uri("ws"), Map.of("reconnect-delay-ms", 50));
        RecordingListener events = new RecordingListener(Meta.of(Map.of("name", "cam")));
        s.start(events);
        first.awaitReceived(2);
        first.sendToAll("{\"type\":\"startSession\",\"peerId\":\"c1\",\"sessionId\":\"s1\",\"offer\":null}");
        first.sendToAll("{\"type\":\"startSession\",\"peerId\":\"c2\",\"sessionId\":\"s2\",\"offer\":null}");
        events.await("requested");
        events.await("requested");
        s.endSession("s2"); // ended by us: not reported again when the connection drops

        first.shutdown();
        fixture.stopped(first);
        String ended = events.await("ended");
        assertTrue(ended.startsWith("ended s1 Signalling connection lost"), ended);
        assertNull(s.get("client-id"));
        s.sendSessionDescription("s1", SessionDescription.offer("v=0")); // dropped: that session is gone

        Thread.sleep(300); // a few failed attempts against the closed port
        ScriptedServer second = fixture.scriptedServer(port);
        List<String> frames = second.awaitReceived(2);
        assertJson("{\"type\":\"setProtocolVersion\",\"version\":\"v1_1\"}", frames.get(0));
        assertJson("{\"type\":\"setPeerStatus\",\"roles\":[\"producer\"],\"meta\":{\"name\":\"cam\"},"
                + "\"peerId\":\"peer-1\"}", frames.get(1));
        assertEquals("peer-1", s.get("client-id"));
        second.sendToAll("{\"type\":\"startSession\",\"peerId\":\"c3\",\"sessionId\":\"s3\",\"offer\":null}");
        assertEquals("requested s3 c3 null", events.await("requested"));
        assertEquals(1, events.events().stream().filter(e -> e.startsWith("ended")).count(), events.events().toString());
        assertTrue(events.events().stream().noneMatch(e -> e.startsWith("error")), events.events().toString());
        assertTrue(s.dump().contains("connections="), s.dump());
    }

    @Test
    void withoutReconnectALostConnectionIsAnError() throws Exception {
        ScriptedServer server = fixture.scriptedServer(0);
        WebSocketSignaller s = fixture.signaller(Role.PRODUCER, server.uri("ws"), Map.of("reconnect-attempts", 0));
        RecordingListener events = new RecordingListener();
        s.start(events);
        server.awaitReceived(2);
        server.shutdown();
        fixture.stopped(server);
        assertTrue(events.await("error").startsWith("error Connection to signalling server lost"));
    }

    @Test
    void reconnectGivesUpAfterTheConfiguredAttempts() throws Exception {
        ScriptedServer server = fixture.scriptedServer(0);
        WebSocketSignaller s = fixture.signaller(Role.LISTENER, server.uri("ws"),
                Map.of("reconnect-attempts", 2, "reconnect-delay-ms", 20));
        RecordingListener events = new RecordingListener();
        s.start(events);
        server.awaitReceived(3);
        server.sendToAll("{\"type\":\"list\",\"producers\":[{\"id\":\"p1\",\"meta\":null}]}");
        events.await("added p1");
        server.shutdown();
        fixture.stopped(server);
        assertEquals("removed p1 null", events.await("removed")); // the old server's producers are gone
        String error = events.await("error");
        assertTrue(error.startsWith("error Connection to signalling server lost, gave up after 2 reconnect attempts"),
                error);
    }
}
