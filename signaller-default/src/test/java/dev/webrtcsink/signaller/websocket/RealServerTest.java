package dev.webrtcsink.signaller.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.api.IceCandidate;
import dev.webrtcsink.api.Meta;
import dev.webrtcsink.api.Role;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.server.SignallingServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Producers, consumers and listeners through the project's real signalling server. */
class RealServerTest {
    @RegisterExtension
    final SignallerFixture fixture = new SignallerFixture();

    /** Waits until the server welcomed {@code s} (with an id other than {@code not}). */
    static String clientId(WebSocketSignaller s, String not) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            Object id = s.get("client-id");
            if (id != null && !id.equals(not)) {
                return id.toString();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no client-id: " + s.dump());
    }

    /** The server handles setPeerStatus after welcome; give it a moment to register the producer. */
    static void awaitRegistered(SignallingServer server, int producers) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (server.stats().core().producers() != producers) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("server never saw " + producers + " producers: " + server.dump());
            }
            Thread.sleep(10);
        }
    }

    @Test
    void producerAndConsumerNegotiateThroughTheServer() throws Exception {
        SignallingServer server = fixture.realServer(0);
        WebSocketSignaller producer = fixture.signaller(Role.PRODUCER, server, Map.of());
        RecordingListener p = new RecordingListener(Meta.of(Map.of("name", "cam")));
        producer.start(p);
        String producerId = clientId(producer, null);
        awaitRegistered(server, 1);

        WebSocketSignaller consumer = fixture.signaller(Role.CONSUMER, server, Map.of("producer-peer-id", producerId));
        RecordingListener c = new RecordingListener();
        consumer.start(c);
        String consumerId = clientId(consumer, null);

        String started = c.await("started");
        String sessionId = RecordingListener.field(started, 1);
        assertEquals("started " + sessionId + " " + producerId, started);
        assertEquals("requested " + sessionId + " " + consumerId + " null", p.await("requested"));

        producer.sendSessionDescription(sessionId, SessionDescription.offer("v=0 fake offer"));
        assertEquals("sdp " + sessionId + " offer v=0 fake offer", c.await("sdp"));
        consumer.sendSessionDescription(sessionId, SessionDescription.answer("v=0 fake answer"));
        assertEquals("sdp " + sessionId + " answer v=0 fake answer", p.await("sdp"));
        producer.sendIceCandidate(sessionId, new IceCandidate("candidate:1 1 UDP 1 10.0.0.1 4000 typ host", 0, "video0"));
        assertEquals("ice " + sessionId + " 0 null candidate:1 1 UDP 1 10.0.0.1 4000 typ host", c.await("ice"));
        consumer.sendIceCandidate(sessionId, IceCandidate.of("candidate:2 1 UDP 1 10.0.0.2 4002 typ host", 1));
        assertEquals("ice " + sessionId + " 1 null candidate:2 1 UDP 1 10.0.0.2 4002 typ host", p.await("ice"));

        consumer.endSession(sessionId);
        assertEquals("ended " + sessionId + " null", p.await("ended"));

        // a second session, ended by the producer with a reason (both sides speak v1.1)
        consumer.stop();
        consumer.start(c);
        String second = RecordingListener.field(c.await("started"), 1);
        p.await("requested " + second);
        producer.endSessionWithError(second, "ICE connection state failed");
        assertEquals("ended " + second + " ICE connection state failed", c.await("ended"));
        assertTrue(p.events().stream().noneMatch(e -> e.startsWith("error")), p.events().toString());
        assertTrue(c.events().stream().noneMatch(e -> e.startsWith("error")), c.events().toString());
    }

    @Test
    void listenerSeesProducersComeAndGo() throws Exception {
        SignallingServer server = fixture.realServer(0);
        WebSocketSignaller early = fixture.signaller(Role.PRODUCER, server, Map.of());
        early.start(new RecordingListener(Meta.of(Map.of("name", "early"))));
        String earlyId = clientId(early, null);
        awaitRegistered(server, 1);

        WebSocketSignaller listener = fixture.signaller(Role.LISTENER, server, Map.of());
        RecordingListener l = new RecordingListener();
        listener.start(l);
        assertEquals("added " + earlyId + " false {\"name\":\"early\"}", l.await("added"));

        WebSocketSignaller late = fixture.signaller(Role.PRODUCER, server, Map.of());
        late.start(new RecordingListener(Meta.of(Map.of("name", "late"))));
        String lateId = clientId(late, null);
        assertEquals("added " + lateId + " true {\"name\":\"late\"}", l.await("added"));

        late.stop();
        assertEquals("removed " + lateId + " {\"name\":\"late\"}", l.await("removed"));
        early.stop();
        assertEquals("removed " + earlyId + " {\"name\":\"early\"}", l.await("removed"));
    }

    @Test
    void consumerConnectsToTheFirstProducer() throws Exception {
        SignallingServer server = fixture.realServer(0);
        WebSocketSignaller producer = fixture.signaller(Role.PRODUCER, server, Map.of());
        RecordingListener p = new RecordingListener();
        producer.start(p);
        String producerId = clientId(producer, null);
        awaitRegistered(server, 1);

        WebSocketSignaller consumer = fixture.signaller(Role.CONSUMER, server, Map.of());
        consumer.set("uri", "ws://127.0.0.1:" + server.port() + "?connect-to-first-producer=true");
        RecordingListener c = new RecordingListener();
        consumer.start(c);
        String started = c.await("started");
        assertEquals(producerId, RecordingListener.field(started, 2));
        p.await("requested " + RecordingListener.field(started, 1));
    }

    @Test
    void serverErrorsReachTheListener() throws Exception {
        SignallingServer server = fixture.realServer(0);
        WebSocketSignaller consumer = fixture.signaller(Role.CONSUMER, server, Map.of("producer-peer-id", "nobody"));
        RecordingListener c = new RecordingListener();
        consumer.start(c);
        assertEquals("error Error message from server: Peer with ID 'nobody' not found", c.await("error"));
    }

    @Test
    void producerSurvivesAServerRestart() throws Exception {
        SignallingServer first = fixture.realServer(0);
        int port = first.port();
        WebSocketSignaller producer = fixture.signaller(Role.PRODUCER, first, Map.of("reconnect-delay-ms", 100));
        RecordingListener p = new RecordingListener(Meta.of(Map.of("name", "cam")));
        producer.start(p);
        String oldId = clientId(producer, null);
        awaitRegistered(first, 1);
        WebSocketSignaller consumer1 = fixture.signaller(Role.CONSUMER, first, Map.of("producer-peer-id", oldId,
                "reconnect-attempts", 0));
        RecordingListener c1 = new RecordingListener();
        consumer1.start(c1);
        String lost = RecordingListener.field(p.await("requested"), 1);

        first.stop();
        fixture.stopped(first);
        // ended either by us ("Signalling connection lost") or, when the stopping server closed the consumer's
        // connection first, by the server's endSession: both are a session that is over
        String ended = p.await("ended " + lost);
        assertTrue(ended.contains("Signalling connection lost") || ended.equals("ended " + lost + " null"), ended);
        c1.await("ended " + lost); // the consumer's session went with the server too

        SignallingServer second = fixture.realServer(port);
        String newId = clientId(producer, oldId);
        assertNotEquals(oldId, newId);
        awaitRegistered(second, 1);

        WebSocketSignaller consumer2 = fixture.signaller(Role.CONSUMER, second, Map.of("producer-peer-id", newId));
        RecordingListener c2 = new RecordingListener();
        consumer2.start(c2);
        String sessionId = RecordingListener.field(c2.await("started"), 1);
        assertNotNull(p.await("requested " + sessionId));
        producer.sendSessionDescription(sessionId, SessionDescription.offer("v=0 again"));
        assertEquals("sdp " + sessionId + " offer v=0 again", c2.await("sdp"));
        assertTrue(p.events().stream().noneMatch(e -> e.startsWith("error")), p.events().toString());
    }
}
