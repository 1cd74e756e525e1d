package dev.webrtcsink.server.core;

import static dev.webrtcsink.server.core.CoreHarness.endSession;
import static dev.webrtcsink.server.core.CoreHarness.endSessionV1_1;
import static dev.webrtcsink.server.core.CoreHarness.peerStatusChanged;
import static dev.webrtcsink.server.core.CoreHarness.sessionStarted;
import static dev.webrtcsink.server.core.CoreHarness.startSession;
import static dev.webrtcsink.server.core.CoreHarness.startSessionToProducer;
import static dev.webrtcsink.server.core.CoreHarness.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/**
 * One test per upstream handler test (tests-upstream.md §1, numbered in the names), asserting the
 * exact JSON the core sends. Where upstream only asserts the first message, these also check that
 * nothing unexpected follows.
 */
class UpstreamHandlerCasesTest {
    private final CoreHarness server = new CoreHarness();

    @Test
    void case01_producerRegistersWithNobodyListening() {
        server.connect("producer")
                .receive("producer", status("[\"producer\"]", "null"))
                .expectNothing();
        assertEquals(1, server.core.stats().producers());
    }

    @Test
    void case02_listWorksEvenForAnIdThatWasNeverWelcomed() {
        server.connect("producer")
                .receive("producer", status("[\"producer\"]", "{\"display-name\":\"foobar\"}"))
                .receive("listener", "{\"type\":\"list\"}")
                .expect("listener", "{\"type\":\"list\",\"producers\":[{\"id\":\"producer\",\"meta\":{\"display-name\":\"foobar\"}}]}")
                .expectNothing();
    }

    @Test
    void case03_newPeerIsWelcomed() {
        server.connect("consumer").expectNothing();
    }

    @Test
    void case04_listenerHearsProducerRegister() {
        server.connect("producer").connect("listener")
                .receive("listener", status("[\"listener\"]", "null"))
                .expect("listener", peerStatusChanged("[\"listener\"]", "null", "listener"))
                .receive("producer", status("[\"producer\"]", "{\"display-name\":\"foobar\"}"))
                .expect("listener", peerStatusChanged("[\"producer\"]", "{\"display-name\":\"foobar\"}", "producer"))
                .expectNothing();
    }

    @Test
    void case05_startSessionTellsConsumerFirstThenProducer() {
        server.producerAndConsumerInSession();
    }

    @Test
    void case06_removingProducerEndsSessionBeforeTellingListeners() {
        server.producerAndConsumerInSession()
                .connect("listener")
                .receive("listener", status("[\"listener\"]", "null"))
                .expect("listener", peerStatusChanged("[\"listener\"]", "null", "listener"))
                .disconnect("producer")
                .expect("consumer", endSession("session-1"))
                .expect("listener", peerStatusChanged("[]", "null", "producer"))
                .expectNothing();
    }

    @Test
    void case07_consumerEndsSession() {
        server.producerAndConsumerInSession()
                .receive("consumer", endSession("session-1"))
                .expect("producer", endSession("session-1"))
                .expectNothing();
    }

    @Test
    void case08_consumerDisconnects() {
        server.producerAndConsumerInSession()
                .disconnect("consumer")
                .expect("producer", endSession("session-1"))
                .expectNothing();
    }

    @Test
    void case09_producerEndsSession() {
        server.producerAndConsumerInSession()
                .receive("producer", endSession("session-1"))
                .expect("consumer", endSession("session-1"))
                .expectNothing();
    }

    @Test
    void case10_endSessionWithErrorNeedsProtocol1_1() {
        server.producerAndConsumerInSession()
                .receive("producer", endSessionV1_1("session-1", "an error happened"))
                .expectError("producer",
                        "Invalid end session message with error from peer 'producer', minimum protocol version is 1.1")
                // Beyond upstream: the session is over, so the consumer is told too.
                .expect("consumer", endSession("session-1"))
                .expectNothing();
        assertEquals(0, server.core.stats().sessions());
    }

    @Test
    void case11_endSessionWithErrorToAV1_0PeerLosesTheError() {
        server.connect("producer")
                .receive("producer", "{\"type\":\"setProtocolVersion\",\"version\":\"v1_1\"}")
                .receive("producer", status("[\"producer\"]", "null"))
                .connect("consumer")
                .receive("consumer", startSession("producer"))
                .expect("consumer", sessionStarted("producer", "session-1"))
                .expect("producer", startSessionToProducer("consumer", "session-1"))
                .receive("producer", endSessionV1_1("session-1", "an error happened"))
                .expect("consumer", endSession("session-1"))
                .expectNothing();
    }

    @Test
    void case12_endSessionWithErrorBetweenV1_1Peers() {
        server.connect("producer")
                .receive("producer", "{\"type\":\"setProtocolVersion\",\"version\":\"v1_1\"}")
                .receive("producer", status("[\"producer\"]", "null"))
                .connect("consumer")
                .receive("consumer", "{\"type\":\"setProtocolVersion\",\"version\":\"v1_1\"}")
                .receive("consumer", startSession("producer"))
                .expect("consumer", sessionStarted("producer", "session-1"))
                .expect("producer", startSessionToProducer("consumer", "session-1"))
                .receive("producer", endSessionV1_1("session-1", "an error happened"))
                .expect("consumer", endSessionV1_1("session-1", "an error happened"))
                .expectNothing();
    }

    @Test
    void case13_sdpOfferIsRelayedToTheConsumer() {
        String offer = "{\"type\":\"peer\",\"sessionId\":\"session-1\",\"sdp\":{\"type\":\"offer\",\"sdp\":\"offer\"}}";
        server.producerAndConsumerInSession()
                .receive("producer", offer)
                .expect("consumer", offer)
                .expectNothing();
    }

    @Test
    void case14_iceIsRelayedBothWays() {
        String ice = "{\"type\":\"peer\",\"sessionId\":\"session-1\",\"ice\":{\"candidate\":\"candidate\",\"sdpMLineIndex\":42}}";
        server.producerAndConsumerInSession()
                .receive("producer", ice)
                .expect("consumer", ice)
                .receive("consumer", ice)
                .expect("producer", ice)
                .expectNothing();
        assertEquals(2, server.core.stats().messagesRelayed());
    }

    @Test
    void case15_consumerMayNotSendAnOfferInSession() {
        server.producerAndConsumerInSession()
                .receive("consumer", "{\"type\":\"peer\",\"sessionId\":\"session-1\",\"sdp\":{\"type\":\"offer\",\"sdp\":\"offer\"}}")
                .expectError("consumer", "cannot forward offer from \"consumer\" to \"producer\" as \"consumer\" is not the producer")
                .expectNothing();
    }

    @Test
    void case16_startSessionWithUnknownProducer() {
        server.connect("consumer")
                .receive("consumer", startSession("producer"))
                .expectError("consumer", "Peer with ID 'producer' not found")
                .expectNothing();
    }

    @Test
    void case17_producerThatStopsProducingEndsItsSessions() {
        server.producerAndConsumerInSession()
                .receive("producer", status("[]", "null"))
                .expect("consumer", endSession("session-1"))
                .expectNothing();
    }

    @Test
    void case18_unregisteringEndsSessionsBeforeTellingListeners() {
        server.connect("listener")
                .receive("listener", status("[\"listener\"]", "null"))
                .expect("listener", peerStatusChanged("[\"listener\"]", "null", "listener"))
                .connect("producer")
                .receive("producer", status("[\"producer\"]", "null"))
                .expect("listener", peerStatusChanged("[\"producer\"]", "null", "producer"))
                .connect("consumer")
                .receive("consumer", startSession("producer"))
                .skip(2)
                .receive("producer", status("[]", "null"))
                .expect("consumer", endSession("session-1"))
                .expect("listener", peerStatusChanged("[]", "null", "producer"))
                .expectNothing();
    }

    @Test
    void case19_senderExistenceIsCheckedFirst() {
        server.connect("producer")
                .receive("producer", status("[\"producer\"]", "null"))
                .receive("consumer", startSession("producer"))
                .expectError("consumer", "Peer with ID 'consumer' not found")
                .expectNothing();
    }

    @Test
    void case20_twoSessionsWithTheSameProducerGetDifferentIds() {
        server.connect("producer")
                .receive("producer", status("[\"producer\"]", "{\"display-name\":\"foobar\"}"))
                .connect("consumer")
                .receive("consumer", startSession("producer"))
                .expect("consumer", sessionStarted("producer", "session-1"))
                .expect("producer", startSessionToProducer("consumer", "session-1"))
                .receive("consumer", startSession("producer"))
                .expect("consumer", sessionStarted("producer", "session-2"))
                .expect("producer", startSessionToProducer("consumer", "session-2"))
                .expectNothing();
        assertEquals(2, server.core.stats().sessions());
    }

    @Test
    void case20_defaultSessionIdsAreDistinctUuids() {
        java.util.List<String> sent = new java.util.ArrayList<>();
        DefaultSignallingCore core = new DefaultSignallingCore((peer, json) -> sent.add(json));
        core.connected("producer");
        core.received("producer", status("[\"producer\"]", "null"));
        core.connected("consumer");
        core.received("consumer", startSession("producer"));
        core.received("consumer", startSession("producer"));
        String uuid = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
        String first = sent.get(2).replaceAll(".*\"sessionId\":\"([^\"]+)\".*", "$1");
        String second = sent.get(4).replaceAll(".*\"sessionId\":\"([^\"]+)\".*", "$1");
        assertEquals(true, first.matches(uuid), first);
        assertEquals(true, second.matches(uuid), second);
        assertNotEquals(first, second);
    }

    @Test
    void case21_protocolVersionMustBeTheFirstMessage() {
        server.connect("producer")
                .receive("producer", "{\"type\":\"setProtocolVersion\",\"version\":\"v1_0\"}")
                .expectNothing()
                .receive("producer", "{\"type\":\"setProtocolVersion\",\"version\":\"v1_0\"}")
                .expectError("producer", "Protocol version selection for peer 'producer' must be first message")
                .expectNothing();
    }

    @Test
    void case22_stoppingProducingKeepsSessionsWhereThePeerConsumes() {
        server.connect("producer")
                .receive("producer", status("[\"producer\",\"listener\"]", "null"))
                .expect("producer", peerStatusChanged("[\"producer\",\"listener\"]", "null", "producer"))
                .connect("producer-consumer")
                .receive("producer-consumer", status("[\"producer\"]", "null"))
                .expect("producer", peerStatusChanged("[\"producer\"]", "null", "producer-consumer"))
                .receive("producer-consumer", startSession("producer"))
                .expect("producer-consumer", sessionStarted("producer", "session-1"))
                .expect("producer", startSessionToProducer("producer-consumer", "session-1"))
                .receive("producer-consumer", status("[\"listener\"]", "null"))
                .expect("producer", peerStatusChanged("[\"listener\"]", "null", "producer-consumer"))
                .expect("producer-consumer", peerStatusChanged("[\"listener\"]", "null", "producer-consumer"))
                .receive("producer-consumer", "{\"type\":\"list\"}")
                .expect("producer-consumer", "{\"type\":\"list\",\"producers\":[{\"id\":\"producer\",\"meta\":null}]}")
                .expectNothing();
        assertEquals(1, server.core.stats().sessions());
        // And the session still works.
        String answer = "{\"type\":\"peer\",\"sessionId\":\"session-1\",\"sdp\":{\"type\":\"answer\",\"sdp\":\"a\"}}";
        server.receive("producer-consumer", answer).expect("producer", answer).expectNothing();
    }

    @Test
    void case23_producerStartsSessionWithPassiveConsumer() {
        server.connect("consumer")
                .receive("consumer", status("[\"consumer\"]", "null"))
                .connect("producer")
                .receive("producer", status("[\"producer\"]", "null"))
                .receive("producer", startSession("consumer"))
                .expect("consumer", sessionStarted("producer", "session-1"))
                .expect("producer", startSessionToProducer("consumer", "session-1"))
                .expectNothing();
    }
}
