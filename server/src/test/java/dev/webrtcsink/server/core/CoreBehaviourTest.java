package dev.webrtcsink.server.core;

import static dev.webrtcsink.server.core.CoreHarness.endSession;
import static dev.webrtcsink.server.core.CoreHarness.endSessionV1_1;
import static dev.webrtcsink.server.core.CoreHarness.peerStatusChanged;
import static dev.webrtcsink.server.core.CoreHarness.sessionStarted;
import static dev.webrtcsink.server.core.CoreHarness.startSession;
import static dev.webrtcsink.server.core.CoreHarness.startSessionToProducer;
import static dev.webrtcsink.server.core.CoreHarness.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Behaviour beyond the upstream test list: bad input, fixed upstream bugs, ordering, bookkeeping. */
class CoreBehaviourTest {
    private final CoreHarness server = new CoreHarness();

    private static final String V1_1 = "{\"type\":\"setProtocolVersion\",\"version\":\"v1_1\"}";

    private static String offer(String sessionId) {
        return "{\"type\":\"peer\",\"sessionId\":\"" + sessionId + "\",\"sdp\":{\"type\":\"offer\",\"sdp\":\"o\"}}";
    }

    private static String ice(String sessionId, String candidate) {
        return "{\"type\":\"peer\",\"sessionId\":\"" + sessionId + "\",\"ice\":{\"candidate\":\"" + candidate
                + "\",\"sdpMLineIndex\":0}}";
    }

    @Nested
    class BadInput {
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"type\":                                 | Invalid message: malformed JSON: ",
            "[]                                         | Invalid message: message is not a JSON object",
            "{\"type\":\"foo\"}                         | Invalid message: unknown message type 'foo'",
            "{\"type\":\"setPeerStatus\",\"meta\":null} | Invalid message: missing field 'roles' in setPeerStatus",
            "{\"type\":\"startSession\",\"peerId\":5}   | Invalid message: field 'peerId' in startSession must be a string",
            "{\"type\":\"peer\",\"sessionId\":\"s\",\"ice\":{\"candidate\":\"c\",\"sdpMLineIndex\":-3}} | Invalid message: field 'sdpMLineIndex' in peer.ice must be an unsigned integer",
            "{\"type\":\"newPeer\"}                     | Invalid message: message type 'newPeer' is internal to the server and cannot be sent by peers",
            "{\"type\":\"welcome\",\"peerId\":\"me\"}   | Invalid message: message type 'welcome' is only sent by the server",
        })
        void badFrameGetsANamedErrorAndTheConnectionStaysUsable(String frame, String detailsPrefix) {
            server.connect("peer").receive("peer", frame);
            List<CoreHarness.Sent> sent = server.drain();
            assertEquals(1, sent.size(), sent.toString());
            assertEquals("peer", sent.get(0).recipient());
            assertTrue(sent.get(0).json().startsWith("{\"type\":\"error\",\"details\":\"" + detailsPrefix), sent.get(0).json());

            server.receive("peer", status("[\"listener\"]", "null"))
                    .expect("peer", peerStatusChanged("[\"listener\"]", "null", "peer"))
                    .expectNothing();
            assertEquals(1, server.core.stats().errors());
        }

        @Test
        void newPeerFromAClientDoesNotResetIt() {
            server.connect("peer")
                    .receive("peer", status("[\"producer\"]", "{\"n\":1}"))
                    .receive("peer", "{\"type\":\"newPeer\"}")
                    .expectError("peer", "Invalid message: message type 'newPeer' is internal to the server and cannot be sent by peers")
                    .receive("peer", "{\"type\":\"list\"}")
                    .expect("peer", "{\"type\":\"list\",\"producers\":[{\"id\":\"peer\",\"meta\":{\"n\":1}}]}")
                    .expectNothing();
        }

        @Test
        void deepNestingIsRefusedClearly() {
            String meta = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
            server.connect("peer")
                    .receive("peer", status("[\"producer\"]", meta))
                    .expectError("peer", "Invalid message: nesting too deep (more than 32 levels)")
                    .expectNothing();
            assertEquals(0, server.core.stats().producers());
        }

        @Test
        void hugeStringIsRefusedClearly() {
            String hugeOffer = "x".repeat(2_000_000);
            server.connect("peer")
                    .receive("peer", "{\"type\":\"startSession\",\"peerId\":\"p\",\"offer\":\"" + hugeOffer + "\"}")
                    .expectError("peer", "Invalid message: string too long (more than 1048576 characters)")
                    .expectNothing();
        }

        @Test
        void anUnparseableFrameIsNotTheFirstMessage() {
            server.connect("peer")
                    .receive("peer", "not json")
                    .skip(1)
                    .receive("peer", V1_1)
                    .expectNothing();
        }

        @Test
        void unwelcomedPeersCannotSetStatusOrVersion() {
            server.receive("ghost", status("[\"producer\"]", "null"))
                    .expectError("ghost", "Peer 'ghost' hasn't been welcomed")
                    .receive("ghost", V1_1)
                    .expectError("ghost", "Peer 'ghost' hasn't been welcomed")
                    .expectNothing();
        }

        @Test
        void aBugWhileHandlingIsReportedAndTheCoreCarriesOn() {
            List<String> sent = new java.util.ArrayList<>();
            // A supplier that repeats an id in use is a bug the core must survive.
            DefaultSignallingCore core = new DefaultSignallingCore((peer, json) -> sent.add(peer + " " + json), () -> "same");
            core.connected("producer");
            core.received("producer", status("[\"producer\"]", "null"));
            core.connected("consumer");
            core.received("consumer", startSession("producer"));
            core.received("consumer", startSession("producer"));
            assertEquals("consumer {\"type\":\"error\",\"details\":\"Internal server error while handling 'startSession'\"}",
                    sent.get(sent.size() - 1));
            core.received("consumer", "{\"type\":\"list\"}");
            assertTrue(sent.get(sent.size() - 1).startsWith("consumer {\"type\":\"list\""));
        }
    }

    @Nested
    class UnknownSessions {
        @Test
        void peerMessageForASessionThatNeverExistedIsRefused() {
            server.producerAndConsumerInSession()
                    .receive("producer", ice("nope", "c"))
                    .expectError("producer", "Session with ID 'nope' not found")
                    .receive("consumer", endSession("nope"))
                    .expectError("consumer", "Session with ID 'nope' not found")
                    .expectNothing();
        }

        @Test
        void lateMessagesFromMembersOfAnEndedSessionAreDroppedSilently() {
            // The consumer hangs up while the producer's candidates are still on their way:
            // upstream drops them, and an error would be fatal to upstream's webrtcsink.
            server.producerAndConsumerInSession()
                    .receive("consumer", endSession("session-1"))
                    .expect("producer", endSession("session-1"))
                    .receive("producer", ice("session-1", "late"))
                    .receive("producer", endSession("session-1"))
                    .receive("consumer", ice("session-1", "late too"))
                    .expectNothing();
            assertEquals(0, server.core.stats().errors());
        }

        @Test
        void anEndedSessionIsStillUnknownToOutsiders() {
            server.producerAndConsumerInSession().connect("outsider")
                    .receive("consumer", endSession("session-1"))
                    .skip(1)
                    .receive("outsider", ice("session-1", "c"))
                    .expectError("outsider", "Session with ID 'session-1' not found")
                    .expectNothing();
        }
    }

    @Nested
    class Sessions {
        @Test
        void outsiderCannotRelayOrEndASession() {
            server.producerAndConsumerInSession().connect("outsider")
                    .receive("outsider", ice("session-1", "c"))
                    .expectError("outsider", "Peer outsider is not part of session-1")
                    .receive("outsider", endSession("session-1"))
                    .expectError("outsider", "Peer outsider is not part of session-1")
                    .expectNothing();
            // Unlike upstream, the refused endSession did not destroy the session.
            String answer = "{\"type\":\"peer\",\"sessionId\":\"session-1\",\"sdp\":{\"type\":\"answer\",\"sdp\":\"a\"}}";
            server.receive("consumer", answer).expect("producer", answer).expectNothing();
        }

        @Test
        void consumerOfferTravelsInStartSessionAndTheAnswerComesBack() {
            server.connect("producer").receive("producer", status("[\"producer\"]", "null"))
                    .connect("consumer")
                    .receive("consumer", "{\"type\":\"startSession\",\"peerId\":\"producer\",\"offer\":\"v=0\\r\\n\"}")
                    .expect("consumer", sessionStarted("producer", "session-1"))
                    .expect("producer", "{\"type\":\"startSession\",\"peerId\":\"consumer\",\"sessionId\":\"session-1\",\"offer\":\"v=0\\r\\n\"}")
                    .receive("producer", "{\"type\":\"peer\",\"sessionId\":\"session-1\",\"sdp\":{\"type\":\"answer\",\"sdp\":\"v=0\"}}")
                    .expect("consumer", "{\"type\":\"peer\",\"sessionId\":\"session-1\",\"sdp\":{\"type\":\"answer\",\"sdp\":\"v=0\"}}")
                    .expectNothing();
        }

        @Test
        void onlyCandidateAndMLineIndexOfABrowserCandidateAreRelayed() {
            server.producerAndConsumerInSession()
                    .receive("consumer", "{\"type\":\"peer\",\"sessionId\":\"session-1\",\"ice\":{\"candidate\":\"c\","
                            + "\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"usernameFragment\":\"u\"}}")
                    .expect("producer", ice("session-1", "c"))
                    .expectNothing();
        }

        @Test
        void twoSessionsBetweenTheSamePairStaySeparate() {
            server.producerAndConsumerInSession()
                    .receive("consumer", startSession("producer"))
                    .expect("consumer", sessionStarted("producer", "session-2"))
                    .expect("producer", startSessionToProducer("consumer", "session-2"))
                    .receive("producer", offer("session-2"))
                    .expect("consumer", offer("session-2"))
                    .receive("consumer", endSession("session-1"))
                    .expect("producer", endSession("session-1"))
                    .receive("producer", ice("session-2", "still here"))
                    .expect("consumer", ice("session-2", "still here"))
                    .disconnect("producer")
                    .expect("consumer", endSession("session-2"))
                    .expectNothing();
        }

        @Test
        void startSessionNeedsAProducerOrPassiveConsumerTarget() {
            server.connect("consumer").connect("other")
                    .receive("other", status("[\"listener\"]", "null"))
                    .skip(1)
                    .receive("consumer", startSession("other"))
                    .expectError("consumer", "Missing a producer or a consumer: id consumer roles [], id other roles [Listener]")
                    .expectNothing();
        }

        @Test
        void passiveConsumerThatStopsConsumingEndsItsSessions() {
            server.connect("consumer").receive("consumer", status("[\"consumer\"]", "null"))
                    .connect("producer").receive("producer", startSession("consumer"))
                    .skip(2)
                    .receive("consumer", status("[]", "null"))
                    .expect("producer", endSession("session-1"))
                    .expectNothing();
        }

        @Test
        void endSessionIsSentInTheRecipientsVersion() {
            server.connect("producer").receive("producer", V1_1).receive("producer", status("[\"producer\"]", "null"))
                    .connect("consumer").receive("consumer", startSession("producer")).skip(2)
                    .receive("consumer", endSession("session-1"))
                    .expect("producer", endSessionV1_1("session-1", null))
                    .receive("consumer", startSession("producer")).skip(2)
                    .disconnect("consumer")
                    .expect("producer", endSessionV1_1("session-2", null))
                    .expectNothing();
        }

        @Test
        void endSessionV1_1WithoutErrorIsFineFromAV1_0Peer() {
            server.producerAndConsumerInSession()
                    .receive("consumer", endSessionV1_1("session-1", null))
                    .expect("producer", endSession("session-1"))
                    .expectNothing();
        }

        @Test
        void aV1_1PeerStillGetsTheReasonFromAV1_0PeerThatGaveOne() {
            server.connect("producer").receive("producer", V1_1).receive("producer", status("[\"producer\"]", "null"))
                    .connect("consumer").receive("consumer", startSession("producer")).skip(2)
                    .receive("consumer", endSessionV1_1("session-1", "gone"))
                    .expectError("consumer", "Invalid end session message with error from peer 'consumer', minimum protocol version is 1.1")
                    .expect("producer", endSessionV1_1("session-1", "gone"))
                    .expectNothing();
        }
    }

    @Nested
    class StatusAndListeners {
        @Test
        void aListenerSeesItsOwnStatus() {
            // gstwebrtc-api waits for exactly this before it considers itself connected.
            server.connect("browser")
                    .receive("browser", status("[\"listener\"]", "{\"name\":\"tab\"}"))
                    .expect("browser", peerStatusChanged("[\"listener\"]", "{\"name\":\"tab\"}", "browser"))
                    .receive("browser", status("[\"listener\",\"producer\"]", "{\"name\":\"tab\"}"))
                    .expect("browser", peerStatusChanged("[\"listener\",\"producer\"]", "{\"name\":\"tab\"}", "browser"))
                    .expectNothing();
        }

        @Test
        void producerAndConsumerTogetherIsRefused() {
            server.connect("peer")
                    .receive("peer", status("[\"producer\",\"consumer\"]", "null"))
                    .expectError("peer", "Cannot register peer peer as both producer and passive consumer")
                    .expectNothing();
            assertEquals(0, server.core.stats().producers());
        }

        @Test
        void repeatingTheStoredStatusIsSilentOnlyWhenItNamesThePeer() {
            // As upstream: the stored status carries the peer's id, so the Rust signaller's form
            // (with peerId) is recognised as unchanged and the JS form (without) is not.
            server.connect("peer")
                    .receive("peer", status("[\"listener\"]", "null")).skip(1)
                    .receive("peer", "{\"type\":\"setPeerStatus\",\"roles\":[\"listener\"],\"meta\":null,\"peerId\":\"peer\"}")
                    .expectNothing()
                    .receive("peer", status("[\"listener\"]", "null"))
                    .expect("peer", peerStatusChanged("[\"listener\"]", "null", "peer"))
                    .expectNothing();
        }

        @Test
        void disconnectEndsProducedThenConsumedSessionsThenTellsListenersWithTheDepartedMeta() {
            server.connect("listener").receive("listener", status("[\"listener\"]", "null")).skip(1)
                    .connect("hub").receive("hub", status("[\"producer\"]", "{\"name\":\"hub\"}")).skip(1)
                    .connect("source").receive("source", status("[\"producer\"]", "null")).skip(1)
                    .connect("viewer").receive("viewer", startSession("hub")).skip(2)
                    .receive("hub", startSession("source")).skip(2)
                    .disconnect("hub")
                    .expect("viewer", endSession("session-1"))
                    .expect("source", endSession("session-2"))
                    .expect("listener", peerStatusChanged("[]", "{\"name\":\"hub\"}", "hub"))
                    .expectNothing();
            assertEquals(0, server.core.stats().sessions());
        }

        @Test
        void listConsumersShowsPassiveConsumersWithNullMeta() {
            server.connect("c1").receive("c1", status("[\"consumer\"]", "null"))
                    .connect("c2").receive("c2", status("[\"consumer\"]", "{\"k\":[true]}"))
                    .connect("p").receive("p", status("[\"producer\"]", "null"))
                    .receive("p", "{\"type\":\"listConsumers\"}")
                    .expect("p", "{\"type\":\"listConsumers\",\"consumers\":[{\"id\":\"c1\",\"meta\":null},{\"id\":\"c2\",\"meta\":{\"k\":[true]}}]}")
                    .expectNothing();
        }
    }

    @Nested
    class Bookkeeping {
        @Test
        void disconnectOfAnUnknownPeerDoesNothing() {
            server.connect("listener").receive("listener", status("[\"listener\"]", "null")).skip(1)
                    .disconnect("nobody")
                    .expectNothing();
        }

        @Test
        void aReusedPeerIdStartsOverCleanly() {
            server.producerAndConsumerInSession()
                    .connect("listener").receive("listener", status("[\"listener\"]", "null")).skip(1);
            server.core.connected("producer");
            server.expect("consumer", endSession("session-1"))
                    .expect("listener", peerStatusChanged("[]", "null", "producer"))
                    .expect("producer", "{\"type\":\"welcome\",\"peerId\":\"producer\"}")
                    .expectNothing();
            assertEquals(0, server.core.stats().producers());
        }

        @Test
        void statsCountWhatHappened() {
            server.producerAndConsumerInSession()
                    .receive("producer", offer("session-1")).skip(1)
                    .receive("consumer", offer("session-1")).skip(1)
                    .receive("consumer", startSession("producer")).skip(2);
            assertEquals(new CoreStats(2, 1, 2, 2, 1, 1), server.core.stats());
            server.disconnect("producer").skip(2);
            assertEquals(new CoreStats(1, 0, 0, 2, 1, 1), server.core.stats());
        }

        @Test
        void dumpShowsPeersRolesVersionsAndSessions() {
            server.producerAndConsumerInSession().receive("consumer", "{\"type\":\"list\"}").skip(1);
            String dump = server.core.dump();
            assertTrue(dump.contains("2 peers (1 producing), 1 sessions"), dump);
            assertTrue(dump.contains("producer version=v1_0 roles=[Producer] meta=null producerOf=[session-1]"), dump);
            assertTrue(dump.contains("consumer version=v1_0 roles=[] meta=null producerOf=[] consumerOf=[session-1]"), dump);
            assertTrue(dump.contains("session-1 producer=producer consumer=consumer"), dump);
        }
    }
}
