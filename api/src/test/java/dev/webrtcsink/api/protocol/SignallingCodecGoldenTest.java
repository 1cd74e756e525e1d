package dev.webrtcsink.api.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every message in both directions against the exact JSON upstream writes: field names, field
 * order, {@code null} versus omitted. Each case serializes the record, compares the text
 * byte-for-byte, and parses the text back into an equal record.
 */
class SignallingCodecGoldenTest {
    private static final SignallingCodec CODEC = new SignallingCodec();
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void assertIncomingGolden(IncomingMessage message, String golden) throws ProtocolException {
        assertEquals(golden, CODEC.serialize(message));
        assertEquals(message, CODEC.parseIncoming(golden));
    }

    static void assertOutgoingGolden(OutgoingMessage message, String golden) throws ProtocolException {
        assertEquals(golden, CODEC.serialize(message));
        assertEquals(message, CODEC.parseOutgoing(golden));
    }

    @Nested
    class PeerToServer {
        @Test
        void setProtocolVersion() throws ProtocolException {
            assertIncomingGolden(new IncomingMessage.SetProtocolVersion(ProtocolVersion.V1_1),
                    "{\"type\":\"setProtocolVersion\",\"version\":\"v1_1\"}");
            assertIncomingGolden(new IncomingMessage.SetProtocolVersion(ProtocolVersion.V1_0),
                    "{\"type\":\"setProtocolVersion\",\"version\":\"v1_0\"}");
        }

        @Test
        void setPeerStatusWritesMetaAsNullAndOmitsAbsentPeerId() throws ProtocolException {
            assertIncomingGolden(
                    new IncomingMessage.SetPeerStatus(new PeerStatus(List.of(PeerRole.LISTENER, PeerRole.PRODUCER), null, null)),
                    "{\"type\":\"setPeerStatus\",\"roles\":[\"listener\",\"producer\"],\"meta\":null}");
        }

        @Test
        void setPeerStatusWithMetaAndPeerId() throws ProtocolException {
            assertIncomingGolden(
                    new IncomingMessage.SetPeerStatus(
                            new PeerStatus(List.of(PeerRole.CONSUMER), json("{\"name\":\"gst-stream\",\"n\":[1,2]}"), "p1")),
                    "{\"type\":\"setPeerStatus\",\"roles\":[\"consumer\"],\"meta\":{\"name\":\"gst-stream\",\"n\":[1,2]},\"peerId\":\"p1\"}");
        }

        @Test
        void setPeerStatusAcceptsMissingMetaAndNullPeerId() throws ProtocolException {
            assertEquals(new IncomingMessage.SetPeerStatus(PeerStatus.initial()),
                    CODEC.parseIncoming("{\"type\":\"setPeerStatus\",\"roles\":[],\"peerId\":null}"));
        }

        @Test
        void startSessionWritesAbsentOfferAsNull() throws ProtocolException {
            assertIncomingGolden(new IncomingMessage.StartSession("P1", null),
                    "{\"type\":\"startSession\",\"peerId\":\"P1\",\"offer\":null}");
            assertIncomingGolden(new IncomingMessage.StartSession("P1", "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n"),
                    "{\"type\":\"startSession\",\"peerId\":\"P1\",\"offer\":\"v=0\\r\\no=- 1 1 IN IP4 0.0.0.0\\r\\n\"}");
        }

        @Test
        void startSessionFromTheJavascriptClientHasNoOfferField() throws ProtocolException {
            assertEquals(new IncomingMessage.StartSession("P1", null),
                    CODEC.parseIncoming("{\"type\":\"startSession\",\"peerId\":\"P1\"}"));
        }

        @Test
        void peerSdpOfferAndAnswer() throws ProtocolException {
            assertIncomingGolden(new PeerMessage("S1", SessionDescription.offer("v=0\r\n")),
                    "{\"type\":\"peer\",\"sessionId\":\"S1\",\"sdp\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}}");
            assertIncomingGolden(new PeerMessage("S1", SessionDescription.answer("v=0")),
                    "{\"type\":\"peer\",\"sessionId\":\"S1\",\"sdp\":{\"type\":\"answer\",\"sdp\":\"v=0\"}}");
        }

        @Test
        void peerIce() throws ProtocolException {
            assertIncomingGolden(new PeerMessage("S1", new IceCandidate("candidate:1 1 UDP 2015363327 192.168.1.2 40000 typ host", 0)),
                    "{\"type\":\"peer\",\"sessionId\":\"S1\",\"ice\":{\"candidate\":"
                            + "\"candidate:1 1 UDP 2015363327 192.168.1.2 40000 typ host\",\"sdpMLineIndex\":0}}");
        }

        @Test
        void browserIceExtrasAreAcceptedAndDropped() throws ProtocolException {
            IncomingMessage parsed = CODEC.parseIncoming("{\"type\":\"peer\",\"sessionId\":\"S1\",\"ice\":{\"candidate\":\"c\","
                    + "\"sdpMid\":\"0\",\"sdpMLineIndex\":4294967295,\"usernameFragment\":\"uf\"}}");
            assertEquals(new PeerMessage("S1", new IceCandidate("c", 4294967295L)), parsed);
            assertEquals("{\"type\":\"peer\",\"sessionId\":\"S1\",\"ice\":{\"candidate\":\"c\",\"sdpMLineIndex\":4294967295}}",
                    CODEC.serialize(parsed));
        }

        @Test
        void endOfCandidatesIsAnEmptyCandidate() throws ProtocolException {
            assertIncomingGolden(new PeerMessage("S1", new IceCandidate("", 1)),
                    "{\"type\":\"peer\",\"sessionId\":\"S1\",\"ice\":{\"candidate\":\"\",\"sdpMLineIndex\":1}}");
        }

        @Test
        void endSession() throws ProtocolException {
            assertIncomingGolden(new EndSession("S1"), "{\"type\":\"endSession\",\"sessionId\":\"S1\"}");
        }

        @Test
        void endSessionV1_1WritesAbsentErrorAsNull() throws ProtocolException {
            assertIncomingGolden(new EndSessionV1_1("S1", "Connection state failed"),
                    "{\"type\":\"endSessionV1_1\",\"sessionId\":\"S1\",\"error\":\"Connection state failed\"}");
            assertIncomingGolden(new EndSessionV1_1("S1", null),
                    "{\"type\":\"endSessionV1_1\",\"sessionId\":\"S1\",\"error\":null}");
            assertEquals(new EndSessionV1_1("S1", null),
                    CODEC.parseIncoming("{\"type\":\"endSessionV1_1\",\"sessionId\":\"S1\"}"));
        }

        @Test
        void listAndListConsumers() throws ProtocolException {
            assertIncomingGolden(new IncomingMessage.ListProducers(), "{\"type\":\"list\"}");
            assertIncomingGolden(new IncomingMessage.ListConsumers(), "{\"type\":\"listConsumers\"}");
        }

        @Test
        void unknownFieldsAreIgnored() throws ProtocolException {
            assertEquals(new IncomingMessage.ListProducers(),
                    CODEC.parseIncoming("{\"extra\":{\"deep\":[1,2,3]},\"type\":\"list\",\"more\":null}"));
            assertEquals(new EndSession("S1"),
                    CODEC.parseIncoming("{\"type\":\"endSession\",\"sessionId\":\"S1\",\"error\":\"ignored\"}"));
        }
    }

    @Nested
    class ServerToPeer {
        @Test
        void welcome() throws ProtocolException {
            assertOutgoingGolden(new OutgoingMessage.Welcome("2b8f7c3e-6a4d-4d8c-9d1c-0f6b2a8e9e11"),
                    "{\"type\":\"welcome\",\"peerId\":\"2b8f7c3e-6a4d-4d8c-9d1c-0f6b2a8e9e11\"}");
        }

        @Test
        void peerStatusChanged() throws ProtocolException {
            assertOutgoingGolden(
                    new OutgoingMessage.PeerStatusChanged(new PeerStatus(List.of(PeerRole.PRODUCER), json("{\"name\":\"gst-stream\"}"), "P1")),
                    "{\"type\":\"peerStatusChanged\",\"roles\":[\"producer\"],\"meta\":{\"name\":\"gst-stream\"},\"peerId\":\"P1\"}");
            assertOutgoingGolden(new OutgoingMessage.PeerStatusChanged(new PeerStatus(List.of(), null, "P1")),
                    "{\"type\":\"peerStatusChanged\",\"roles\":[],\"meta\":null,\"peerId\":\"P1\"}");
        }

        @Test
        void startSessionWritesAbsentOfferAsNull() throws ProtocolException {
            assertOutgoingGolden(new OutgoingMessage.StartSession("C1", "S1", null),
                    "{\"type\":\"startSession\",\"peerId\":\"C1\",\"sessionId\":\"S1\",\"offer\":null}");
            assertOutgoingGolden(new OutgoingMessage.StartSession("C1", "S1", "v=0"),
                    "{\"type\":\"startSession\",\"peerId\":\"C1\",\"sessionId\":\"S1\",\"offer\":\"v=0\"}");
        }

        @Test
        void sessionStarted() throws ProtocolException {
            assertOutgoingGolden(new OutgoingMessage.SessionStarted("P1", "S1"),
                    "{\"type\":\"sessionStarted\",\"peerId\":\"P1\",\"sessionId\":\"S1\"}");
        }

        @Test
        void peerRelayed() throws ProtocolException {
            assertOutgoingGolden(new PeerMessage("S1", SessionDescription.answer("v=0")),
                    "{\"type\":\"peer\",\"sessionId\":\"S1\",\"sdp\":{\"type\":\"answer\",\"sdp\":\"v=0\"}}");
            assertOutgoingGolden(new PeerMessage("S1", new IceCandidate("candidate", 42)),
                    "{\"type\":\"peer\",\"sessionId\":\"S1\",\"ice\":{\"candidate\":\"candidate\",\"sdpMLineIndex\":42}}");
        }

        @Test
        void endSessionAndEndSessionV1_1() throws ProtocolException {
            assertOutgoingGolden(new EndSession("S1"), "{\"type\":\"endSession\",\"sessionId\":\"S1\"}");
            assertOutgoingGolden(new EndSessionV1_1("S1", "boom"),
                    "{\"type\":\"endSessionV1_1\",\"sessionId\":\"S1\",\"error\":\"boom\"}");
            assertOutgoingGolden(new EndSessionV1_1("S1", null),
                    "{\"type\":\"endSessionV1_1\",\"sessionId\":\"S1\",\"error\":null}");
        }

        @Test
        void listWritesEveryMetaEvenNull() throws ProtocolException {
            assertOutgoingGolden(new OutgoingMessage.ProducerList(List.of(
                            new PeerInfo("P1", json("{\"name\":\"gst-stream\"}")), new PeerInfo("P2", null))),
                    "{\"type\":\"list\",\"producers\":[{\"id\":\"P1\",\"meta\":{\"name\":\"gst-stream\"}},{\"id\":\"P2\",\"meta\":null}]}");
            assertOutgoingGolden(new OutgoingMessage.ProducerList(List.of()), "{\"type\":\"list\",\"producers\":[]}");
        }

        @Test
        void listAcceptsEntriesWithoutMeta() throws ProtocolException {
            assertEquals(new OutgoingMessage.ProducerList(List.of(new PeerInfo("P1", null))),
                    CODEC.parseOutgoing("{\"type\":\"list\",\"producers\":[{\"id\":\"P1\"}]}"));
        }

        @Test
        void listConsumers() throws ProtocolException {
            assertOutgoingGolden(new OutgoingMessage.ConsumerList(List.of(new PeerInfo("C1", null))),
                    "{\"type\":\"listConsumers\",\"consumers\":[{\"id\":\"C1\",\"meta\":null}]}");
        }

        @Test
        void error() throws ProtocolException {
            assertOutgoingGolden(new OutgoingMessage.ErrorReply("Peer with ID 'producer' not found"),
                    "{\"type\":\"error\",\"details\":\"Peer with ID 'producer' not found\"}");
        }
    }

    @Nested
    class Records {
        @Test
        void jsonNullMetaIsNoMeta() {
            assertNull(new PeerStatus(List.of(), json("null"), null).meta());
            assertEquals(new PeerInfo("a", null), new PeerInfo("a", json("null")));
        }

        @Test
        void metaIsCopiedSoRecordsStayImmutable() {
            JsonNode meta = json("{\"name\":\"a\"}");
            PeerStatus status = new PeerStatus(List.of(), meta, null);
            ((com.fasterxml.jackson.databind.node.ObjectNode) meta).put("name", "changed");
            assertEquals(json("{\"name\":\"a\"}"), status.meta());
        }

        @Test
        void everyMessageNamesItsWireType() {
            assertEquals("endSessionV1_1", new EndSessionV1_1("s", null).wireType());
            assertEquals("list", new IncomingMessage.ListProducers().wireType());
            assertEquals("list", new OutgoingMessage.ProducerList(List.of()).wireType());
            assertEquals("error", new OutgoingMessage.ErrorReply("x").wireType());
        }
    }
}
