package dev.webrtcsink.server.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.server.SignallingServer;
import dev.webrtcsink.server.testing.JsonPeer;
import dev.webrtcsink.server.testing.RawWebSocketClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Throws thousands of hostile frames at a running server while a real session is open, then
 * checks that the server still relays for that session, accepts new flows, and ends every
 * session of a peer that vanishes.
 */
class HostileInputFuzzTest {
    private static final long SEED = 20261128L; // fixed: a failure can be replayed
    private static final int HOSTILE_FRAMES = 3000;

    private SignallingServer server;

    @BeforeEach
    void start() throws Exception {
        server = SignallingServer.builder().host("127.0.0.1").port(0).build();
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void hostileFramesDoNotDisturbOtherSessions() throws Exception {
        int port = server.port();
        try (JsonPeer producer = JsonPeer.connect(port).produce();
             JsonPeer consumer = JsonPeer.connect(port)) {
            String session = consumer.startSession(producer);
            assertRelayed(producer, consumer, session, "before");

            Random random = new Random(SEED);
            int sent = 0;
            int connections = 0;
            while (sent < HOSTILE_FRAMES) {
                connections++;
                RawWebSocketClient hostile;
                try {
                    hostile = RawWebSocketClient.connect(port);
                } catch (IOException refused) {
                    throw new AssertionError("server stopped accepting connections after " + sent + " frames", refused);
                }
                try {
                    int burst = 1 + random.nextInt(60);
                    for (int i = 0; i < burst && sent < HOSTILE_FRAMES; i++, sent++) {
                        sendHostile(hostile, random, session);
                    }
                } catch (IOException serverClosedUs) {
                    // expected for protocol violations: the server may drop a hostile connection
                } finally {
                    if (random.nextBoolean()) {
                        // vanish mid-frame: announce a payload and never send it
                        try {
                            hostile.sendRaw(RawWebSocketClient.frameHeader(RawWebSocketClient.TEXT, 1000));
                            hostile.sendRaw("{\"type\":".getBytes(StandardCharsets.UTF_8));
                        } catch (IOException alreadyClosed) {
                            // fine
                        }
                    }
                    hostile.close();
                }
            }
            assertTrue(connections > 10, "the fuzz used several connections");

            assertRelayed(producer, consumer, session, "after");
            assertRelayed(consumer, producer, session, "after, other direction");
        }

        // new valid flows still work
        try (JsonPeer producer = JsonPeer.connect(port).produce();
             JsonPeer consumer = JsonPeer.connect(port)) {
            String session = consumer.startSession(producer);
            assertRelayed(producer, consumer, session, "new pair");
        }
    }

    @Test
    void everySessionOfAVanishedPeerEndsForTheOtherMember() throws Exception {
        int port = server.port();
        JsonPeer producer = JsonPeer.connect(port).produce();
        try (JsonPeer consumer = JsonPeer.connect(port); JsonPeer other = JsonPeer.connect(port)) {
            Set<String> sessions = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                sessions.add(consumer.startSession(producer));
            }
            String otherSession = other.startSession(producer);
            // half a frame, then gone
            producer.ws.sendRaw(RawWebSocketClient.frameHeader(RawWebSocketClient.TEXT, 500));
            producer.close();

            Set<String> ended = new HashSet<>();
            while (ended.size() < 3) {
                ended.add(JsonPeer.field(consumer.expect("endSession"), "sessionId"));
            }
            assertEquals(sessions, ended);
            assertEquals(otherSession, JsonPeer.field(other.expect("endSession"), "sessionId"));
        }
    }

    private static void assertRelayed(JsonPeer from, JsonPeer to, String session, String when) throws IOException {
        String candidate = "candidate:" + when.hashCode() + " 1 UDP 1 127.0.0.1 9 typ host";
        from.send("{\"type\":\"peer\",\"sessionId\":\"" + session + "\",\"ice\":{\"candidate\":\""
                + candidate + "\",\"sdpMLineIndex\":0}}");
        String relayed = to.expect("peer");
        assertEquals(candidate, JsonPeer.field(relayed, "candidate"), when);
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** One hostile frame, chosen at random from the kinds real attackers and broken clients send. */
    private static void sendHostile(RawWebSocketClient ws, Random random, String victimSession) throws IOException {
        switch (random.nextInt(12)) {
            case 0 -> ws.sendFrame(RawWebSocketClient.TEXT, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}); // bad UTF-8
            case 1 -> ws.sendText("{\"type\":\"peer\",\"sessionId\":\"" + victimSession); // truncated
            case 2 -> ws.sendText("{\"type\":\"setPeerStatus\",\"roles\":\"producer\"}"); // wrong type
            case 3 -> ws.sendText("{\"type\":\"peer\",\"sessionId\":42,\"ice\":{\"candidate\":1}}");
            case 4 -> ws.sendText("[".repeat(5000) + "]".repeat(5000)); // deep nesting
            case 5 -> ws.sendText("{\"type\":\"startSession\",\"peerId\":\"" + "x".repeat(60_000) + "\"}");
            case 6 -> ws.sendFrame(RawWebSocketClient.BINARY, randomBytes(random, 1 + random.nextInt(2000)));
            case 7 -> ws.sendText("{\"type\":\"peer\",\"sessionId\":\"" + victimSession
                    + "\",\"sdp\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}"); // not a member
            case 8 -> ws.sendText("{\"type\":\"endSession\",\"sessionId\":\"" + victimSession + "\"}"); // not a member
            case 9 -> ws.sendText("{\"type\":\"newPeer\"}");
            case 10 -> ws.sendText(new String(randomBytes(random, 200), StandardCharsets.ISO_8859_1));
            default -> ws.sendRaw(randomBytes(random, 1 + random.nextInt(64))); // not even a frame
        }
    }

}
