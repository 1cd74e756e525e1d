package dev.webrtcsink.signaller.websocket;

import static dev.webrtcsink.signaller.websocket.RealServerTest.awaitRegistered;
import static dev.webrtcsink.signaller.websocket.RealServerTest.clientId;
import static dev.webrtcsink.signaller.websocket.ScriptedServerTest.assertJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.webrtcsink.api.Meta;
import dev.webrtcsink.api.Role;
import dev.webrtcsink.server.SignallingServer;
import dev.webrtcsink.server.core.CoreStats;
import dev.webrtcsink.server.core.DefaultSignallingCore;
import dev.webrtcsink.server.core.SignallingCore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A consumer without a producer id (multi-producer mode, our extension) against the real server, whose core is
 * tapped to see exactly what the consumer sent.
 */
class EveryProducerTest {
    @RegisterExtension
    final SignallerFixture fixture = new SignallerFixture();

    /** The project's server, recording every frame it receives, by sender. */
    private static final class Tap implements SignallingCore {
        private final SignallingCore core;
        private final List<String[]> received = new ArrayList<>();

        Tap(dev.webrtcsink.server.core.Outbox outbox) {
            core = new DefaultSignallingCore(outbox);
        }

        @Override
        public void connected(String peerId) {
            core.connected(peerId);
        }

        @Override
        public void received(String peerId, String text) {
            synchronized (this) {
                received.add(new String[] {peerId, text});
                notifyAll();
            }
            core.received(peerId, text);
        }

        @Override
        public void disconnected(String peerId) {
            core.disconnected(peerId);
        }

        @Override
        public CoreStats stats() {
            return core.stats();
        }

        @Override
        public String dump() {
            return core.dump();
        }

        synchronized List<String> from(String peerId) {
            return received.stream().filter(r -> r[0].equals(peerId)).map(r -> r[1]).toList();
        }

        /** Waits until {@code peerId} sent {@code count} frames, and returns them. */
        synchronized List<String> awaitFrom(String peerId, int count) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 15_000;
            while (from(peerId).size() < count) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    fail("expected " + count + " frames from " + peerId + ", got " + from(peerId));
                }
                wait(left);
            }
            return from(peerId);
        }
    }

    private final List<Tap> taps = new ArrayList<>();

    private SignallingServer server(int port) throws InterruptedException {
        return fixture.realServer(port, outbox -> {
            Tap t = new Tap(outbox);
            taps.add(t);
            return t;
        });
    }

    private Tap tap() {
        return taps.get(taps.size() - 1);
    }

    /** A started producer with meta {name: name} and its events. */
    private record Producer(WebSocketSignaller signaller, RecordingListener events) {
        String id() throws InterruptedException {
            return clientId(signaller, null);
        }
    }

    private Producer producer(SignallingServer server, String name) {
        Producer p = new Producer(fixture.signaller(Role.PRODUCER, server, Map.of()),
                new RecordingListener(Meta.of(Map.of("name", name))));
        p.signaller().start(p.events());
        return p;
    }

    @Test
    void startsOneSessionWithEveryProducerListedOrAnnouncedAndForgetsThoseThatLeave() throws Exception {
        SignallingServer server = server(0);
        Producer a = producer(server, "a");
        String aId = a.id();
        awaitRegistered(server, 1);

        WebSocketSignaller consumer = fixture.signaller(Role.CONSUMER, server, Map.of());
        RecordingListener c = new RecordingListener();
        consumer.start(c);
        String consumerId = clientId(consumer, null);
        assertEquals("added " + aId + " false {\"name\":\"a\"}", c.await("added"));
        String startedA = c.await("started");
        String sessionA = RecordingListener.field(startedA, 1);
        assertEquals("started " + sessionA + " " + aId, startedA);
        assertEquals("requested " + sessionA + " " + consumerId + " null", a.events().await("requested"));

        // a producer appearing later gets its session too
        Producer b = producer(server, "b");
        String bId = b.id();
        assertEquals("added " + bId + " true {\"name\":\"b\"}", c.await("added"));
        String sessionB = RecordingListener.field(b.events().await("requested"), 1);
        assertEquals("started " + sessionB + " " + bId, c.await("started " + sessionB));

        List<String> wire = tap().awaitFrom(consumerId, 5);
        assertJson("{\"type\":\"setProtocolVersion\",\"version\":\"v1_1\"}", wire.get(0));
        assertJson("{\"type\":\"setPeerStatus\",\"roles\":[\"consumer\",\"listener\"],\"meta\":null,\"peerId\":\""
                + consumerId + "\"}", wire.get(1));
        assertJson("{\"type\":\"list\"}", wire.get(2));
        assertJson("{\"type\":\"startSession\",\"peerId\":\"" + aId + "\",\"offer\":null}", wire.get(3));
        assertJson("{\"type\":\"startSession\",\"peerId\":\"" + bId + "\",\"offer\":null}", wire.get(4));

        // b leaves: its session ends and it is forgotten; a producer that arrives later still gets a session
        b.signaller().stop();
        assertEquals("ended " + sessionB + " null", c.await("ended"));
        assertEquals("removed " + bId + " {\"name\":\"b\"}", c.await("removed"));
        b.signaller().start(b.events()); // comes back, under a new peer id
        String bAgain = b.id();
        assertNotEquals(bId, bAgain);
        String sessionB2 = RecordingListener.field(b.events().await("requested"), 1);
        assertEquals("started " + sessionB2 + " " + bAgain, c.await("started " + sessionB2));

        // a ends our session but stays: no new session (it would only end it again)
        a.signaller().endSession(sessionA);
        assertEquals("ended " + sessionA + " null", c.await("ended " + sessionA));
        Producer d = producer(server, "d"); // a later producer marks the end of what the consumer sent
        String dId = d.id();
        String sessionD = RecordingListener.field(d.events().await("requested"), 1);
        c.await("started " + sessionD);
        wire = tap().awaitFrom(consumerId, 7);
        assertJson("{\"type\":\"startSession\",\"peerId\":\"" + bAgain + "\",\"offer\":null}", wire.get(5));
        assertJson("{\"type\":\"startSession\",\"peerId\":\"" + dId + "\",\"offer\":null}", wire.get(6));
        assertEquals(7, wire.size(), wire.toString());
        assertEquals(2, server.stats().core().sessions(), server.dump());
        assertTrue(c.events().stream().noneMatch(e -> e.startsWith("error")), c.events().toString());
    }

    @Test
    void startsAgainAfterReconnecting() throws Exception {
        SignallingServer first = server(0);
        int port = first.port();
        Map<String, Object> fast = Map.of("reconnect-delay-ms", 100);
        WebSocketSignaller producer = fixture.signaller(Role.PRODUCER, first, fast);
        RecordingListener p = new RecordingListener(Meta.of(Map.of("name", "cam")));
        producer.start(p);
        String oldProducer = clientId(producer, null);
        WebSocketSignaller consumer = fixture.signaller(Role.CONSUMER, first, fast);
        RecordingListener c = new RecordingListener();
        consumer.start(c);
        String oldConsumer = clientId(consumer, null);
        String lost = RecordingListener.field(c.await("started"), 1);
        p.await("requested " + lost); // else stopping the server may drop it on the way

        first.stop();
        fixture.stopped(first);
        // by the lost connection, or by the server if it saw the producer go first while stopping
        c.await("ended " + lost);
        assertEquals("removed " + oldProducer + " {\"name\":\"cam\"}", c.await("removed"));

        SignallingServer second = server(port);
        String newProducer = clientId(producer, oldProducer);
        String newConsumer = clientId(consumer, oldConsumer);
        String session = RecordingListener.field(p.await("requested"), 1);
        assertEquals("started " + session + " " + newProducer, c.await("started " + session));
        List<String> wire = tap().awaitFrom(newConsumer, 4);
        assertJson("{\"type\":\"setPeerStatus\",\"roles\":[\"consumer\",\"listener\"],\"meta\":null,\"peerId\":\""
                + newConsumer + "\"}", wire.get(1));
        assertJson("{\"type\":\"list\"}", wire.get(2));
        assertJson("{\"type\":\"startSession\",\"peerId\":\"" + newProducer + "\",\"offer\":null}", wire.get(3));
        assertEquals(1, second.stats().core().sessions(), second.dump());
    }
}
