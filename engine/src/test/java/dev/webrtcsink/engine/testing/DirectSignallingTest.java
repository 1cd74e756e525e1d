package dev.webrtcsink.engine.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.api.IceCandidate;
import dev.webrtcsink.api.Role;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.api.Signaller;
import dev.webrtcsink.api.SignallerFactory;
import dev.webrtcsink.api.SignallerListener;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The test signaller's own contract, without GStreamer: who is told what, in which order. */
class DirectSignallingTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    /** Records every event as one line. */
    private static final class Recorder implements SignallerListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void sessionRequested(String sessionId, String peerId, SessionDescription offer) {
            events.add("requested " + sessionId + " by " + peerId + (offer == null ? "" : " with " + offer.sdp()));
        }

        @Override
        public void sessionDescription(String sessionId, SessionDescription description) {
            events.add(description.type().wireName() + " " + description.sdp());
        }

        @Override
        public void iceCandidate(String sessionId, IceCandidate candidate) {
            events.add("ice " + candidate.candidate());
        }

        @Override
        public void sessionEnded(String sessionId, String error) {
            events.add("ended " + sessionId);
        }

        boolean saw(String prefix) {
            return events.stream().anyMatch(e -> e.startsWith(prefix));
        }
    }

    @Test
    void theConsumerIsAskedToOfferAndEverythingElseCrossesInOrder() throws Exception {
        SignallerFactory factory = SignallerFactory.find(DirectSignalling.NAME).orElseThrow();
        assertEquals("directwebrtcsrc", factory.elementName(Role.CONSUMER));
        assertEquals("directwebrtcsink", factory.elementName(Role.PRODUCER));
        String name = "unit-" + UUID.randomUUID();
        DirectSignalling.Channel channel = DirectSignalling.channel(name);
        channel.rewriteAnswers(a -> SessionDescription.answer(a.sdp() + " (rewritten)"));
        Signaller consumer = factory.create(Role.CONSUMER);
        Signaller producer = factory.create(Role.PRODUCER);
        consumer.set(DirectSignalling.CHANNEL, name);
        producer.set(DirectSignalling.CHANNEL, name);
        Recorder c = new Recorder();
        Recorder p = new Recorder();

        consumer.start(c); // before the producer: it waits
        producer.start(p);
        assertTrue(GstTesting.await(WAIT, () -> c.saw("requested ")), c.events.toString());
        String session = channel.openSessions().get(0);
        assertEquals("requested " + session + " by " + producer.get(DirectSignalling.PEER_ID), c.events.get(0));

        consumer.sendSessionDescription(session, SessionDescription.offer("O"));
        consumer.sendIceCandidate(session, IceCandidate.of("c1", 0));
        producer.sendSessionDescription(session, SessionDescription.answer("A"));
        producer.sendIceCandidate(session, IceCandidate.of("p1", 0));
        assertTrue(GstTesting.await(WAIT, () -> p.events.size() == 2 && c.events.size() == 3),
                p.events + " / " + c.events);
        assertEquals(List.of("requested " + session + " by " + consumer.get(DirectSignalling.PEER_ID) + " with O",
                "ice c1"), p.events);
        assertEquals(List.of("answer A (rewritten)", "ice p1"), c.events.subList(1, 3));

        consumer.endSession(session);
        assertTrue(GstTesting.await(WAIT, () -> p.saw("ended " + session)), p.events.toString());
        assertEquals(List.of(session), channel.endedByConsumer);
        assertEquals(List.of(), channel.openSessions());

        // a restarted consumer gets a new session; the producer leaving ends it on the consumer's side
        consumer.stop();
        consumer.start(c);
        assertTrue(GstTesting.await(WAIT, () -> channel.openSessions().size() == 1), channel.toString());
        String second = channel.openSessions().get(0);
        producer.stop();
        assertTrue(GstTesting.await(WAIT, () -> c.saw("ended " + second)), c.events.toString());
        consumer.stop();
        int seen = c.events.size();
        producer.start(p); // nobody waiting any more: the stopped consumer hears nothing
        assertTrue(channel.hasProducer());
        assertEquals(seen, c.events.size());
        assertEquals(null, consumer.get(DirectSignalling.PEER_ID));
        producer.stop();
    }
}
