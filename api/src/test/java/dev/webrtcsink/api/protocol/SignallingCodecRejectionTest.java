package dev.webrtcsink.api.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad and hostile input: each is refused with a message that names the problem. */
class SignallingCodecRejectionTest {
    private static final SignallingCodec CODEC = new SignallingCodec();

    private static String incomingError(String text) {
        return assertThrows(ProtocolException.class, () -> CODEC.parseIncoming(text)).getMessage();
    }

    private static String outgoingError(String text) {
        return assertThrows(ProtocolException.class, () -> CODEC.parseOutgoing(text)).getMessage();
    }

    // Single quotes delimit CSV values, so the JSON below uses only double quotes.
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "[1,2]                                                     | message is not a JSON object",
        "\"list\"                                                  | message is not a JSON object",
        "null                                                      | message is not a JSON object",
        "{}                                                        | missing field 'type' in message",
        "{\"type\":7}                                              | field 'type' in message must be a string",
        "{\"type\":\"foo\"}                                        | unknown message type 'foo'",
        "{\"type\":\"newPeer\"}                                    | message type 'newPeer' is internal to the server and cannot be sent by peers",
        "{\"type\":\"welcome\",\"peerId\":\"x\"}                   | message type 'welcome' is only sent by the server",
        "{\"type\":\"setProtocolVersion\"}                         | missing field 'version' in setProtocolVersion",
        "{\"type\":\"setProtocolVersion\",\"version\":\"v2\"}      | unknown protocol version 'v2' in setProtocolVersion (expected v1_0 or v1_1)",
        "{\"type\":\"setPeerStatus\",\"meta\":null}                | missing field 'roles' in setPeerStatus",
        "{\"type\":\"setPeerStatus\",\"roles\":null}               | field 'roles' in setPeerStatus must not be null",
        "{\"type\":\"setPeerStatus\",\"roles\":\"producer\"}       | field 'roles' in setPeerStatus must be an array of roles",
        "{\"type\":\"setPeerStatus\",\"roles\":[1]}                | field 'roles' in setPeerStatus must be an array of role names",
        "{\"type\":\"setPeerStatus\",\"roles\":[\"admin\"]}        | unknown role 'admin' in setPeerStatus (expected producer, consumer or listener)",
        "{\"type\":\"setPeerStatus\",\"roles\":[],\"peerId\":5}    | field 'peerId' in setPeerStatus must be a string or null",
        "{\"type\":\"startSession\"}                               | missing field 'peerId' in startSession",
        "{\"type\":\"startSession\",\"peerId\":\"p\",\"offer\":{}} | field 'offer' in startSession must be a string or null",
        "{\"type\":\"peer\",\"sdp\":{\"type\":\"offer\",\"sdp\":\"x\"}}             | missing field 'sessionId' in peer",
        "{\"type\":\"peer\",\"sessionId\":\"s\"}                                     | peer message needs an 'sdp' or an 'ice' field",
        "{\"type\":\"peer\",\"sessionId\":\"s\",\"sdp\":{\"type\":\"offer\",\"sdp\":\"x\"},\"ice\":{\"candidate\":\"c\",\"sdpMLineIndex\":0}} | peer message must not carry both 'sdp' and 'ice'",
        "{\"type\":\"peer\",\"sessionId\":\"s\",\"sdp\":\"v=0\"}                     | field 'sdp' in peer must be an object",
        "{\"type\":\"peer\",\"sessionId\":\"s\",\"sdp\":{\"type\":\"pranswer\",\"sdp\":\"x\"}} | unknown SDP type 'pranswer' in peer.sdp (expected offer or answer)",
        "{\"type\":\"peer\",\"sessionId\":\"s\",\"sdp\":{\"type\":\"offer\"}}         | missing field 'sdp' in peer.sdp",
        "{\"type\":\"peer\",\"sessionId\":\"s\",\"ice\":{\"sdpMLineIndex\":0}}        | missing field 'candidate' in peer.ice",
        "{\"type\":\"peer\",\"sessionId\":\"s\",\"ice\":{\"candidate\":\"c\"}}        | missing field 'sdpMLineIndex' in peer.ice",
        "{\"type\":\"peer\",\"sessionId\":\"s\",\"ice\":{\"candidate\":\"c\",\"sdpMLineIndex\":null}} | field 'sdpMLineIndex' in peer.ice must not be null",
        "{\"type\":\"peer\",\"sessionId\":\"s\",\"ice\":{\"candidate\":\"c\",\"sdpMLineIndex\":-1}}   | field 'sdpMLineIndex' in peer.ice must be an unsigned integer",
        "{\"type\":\"peer\",\"sessionId\":\"s\",\"ice\":{\"candidate\":\"c\",\"sdpMLineIndex\":1.0}}  | field 'sdpMLineIndex' in peer.ice must be an unsigned integer",
        "{\"type\":\"peer\",\"sessionId\":\"s\",\"ice\":{\"candidate\":\"c\",\"sdpMLineIndex\":\"0\"}} | field 'sdpMLineIndex' in peer.ice must be an unsigned integer",
        "{\"type\":\"peer\",\"sessionId\":\"s\",\"ice\":{\"candidate\":\"c\",\"sdpMLineIndex\":4294967296}} | field 'sdpMLineIndex' in peer.ice is out of range (at most 4294967295)",
        "{\"type\":\"endSession\"}                                 | missing field 'sessionId' in endSession",
        "{\"type\":\"endSessionV1_1\",\"sessionId\":\"s\",\"error\":1} | field 'error' in endSessionV1_1 must be a string or null",
    })
    void invalidIncomingMessagesAreNamed(String text, String expected) {
        assertEquals(expected, incomingError(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"type\":\"setPeerStatus\",\"roles\":[]}                 | message type 'setPeerStatus' is never sent by the server",
        "{\"type\":\"newPeer\"}                                    | message type 'newPeer' is never sent by the server",
        "{\"type\":\"bar\"}                                        | unknown message type 'bar'",
        "{\"type\":\"welcome\"}                                    | missing field 'peerId' in welcome",
        "{\"type\":\"startSession\",\"peerId\":\"p\"}              | missing field 'sessionId' in startSession",
        "{\"type\":\"list\"}                                       | missing field 'producers' in list",
        "{\"type\":\"list\",\"producers\":[\"p\"]}                 | field 'producers' in list must be an array of peer objects",
        "{\"type\":\"list\",\"producers\":[{\"id\":\"a\"},{}]}     | missing field 'id' in list.producers[1]",
        "{\"type\":\"listConsumers\",\"consumers\":{}}             | field 'consumers' in listConsumers must be an array of peers",
        "{\"type\":\"error\"}                                      | missing field 'details' in error",
        "{\"type\":\"peerStatusChanged\",\"meta\":null}            | missing field 'roles' in peerStatusChanged",
    })
    void invalidOutgoingMessagesAreNamed(String text, String expected) {
        assertEquals(expected, outgoingError(text));
    }

    @Test
    void malformedJsonSaysWhereItBroke() {
        assertEquals("malformed JSON: Unexpected end-of-input: expected close marker for Object (line 1, column 15)",
                incomingError("{\"type\":\"list\""));
        assertTrue(incomingError("{type:list}").startsWith("malformed JSON: "));
        assertTrue(incomingError("{\"type\":\"list\",}").startsWith("malformed JSON: "));
    }

    @Test
    void emptyFramesAreRefused() {
        assertEquals("message is empty", incomingError(""));
        assertEquals("message is empty", incomingError("  \n"));
    }

    @Test
    void trailingContentIsRefused() {
        assertEquals("malformed JSON: trailing content after the JSON object (line 1, column 17)",
                incomingError("{\"type\":\"list\"} {\"type\":\"list\"}"));
    }

    @Test
    void duplicateKeysAreRefused() {
        assertEquals("malformed JSON: Duplicate field 'type' (line 1, column 22)",
                incomingError("{\"type\":\"list\",\"type\":\"listConsumers\"}"));
    }

    @Test
    void deepNestingIsRefused() {
        String deepMeta = "[".repeat(40) + "]".repeat(40);
        String text = "{\"type\":\"setPeerStatus\",\"roles\":[],\"meta\":" + deepMeta + "}";
        assertEquals("nesting too deep (more than 32 levels)", incomingError(text));
        assertEquals("nesting too deep (more than 32 levels)", outgoingError(text));
    }

    @Test
    void nestingWithinTheLimitIsAccepted() throws ProtocolException {
        String meta = "[".repeat(30) + "]".repeat(30);
        CODEC.parseIncoming("{\"type\":\"setPeerStatus\",\"roles\":[],\"meta\":" + meta + "}");
    }

    @Test
    void hugeStringsAreRefused() {
        String huge = "a".repeat(SignallingCodec.MAX_STRING_LENGTH + 1);
        assertEquals("string too long (more than 1048576 characters)",
                incomingError("{\"type\":\"startSession\",\"peerId\":\"p\",\"offer\":\"" + huge + "\"}"));
    }

    @Test
    void hugeMessagesAreRefusedBeforeParsing() {
        String huge = " ".repeat(SignallingCodec.MAX_MESSAGE_LENGTH) + "{\"type\":\"list\"}";
        assertEquals("message too long (more than 4194304 characters)", incomingError(huge));
    }

    @Test
    void hugeNamesAndNumbersAreRefused() {
        assertEquals("field name too long (more than 1024 characters)",
                incomingError("{\"" + "k".repeat(2000) + "\":1,\"type\":\"list\"}"));
        assertEquals("number too long (more than 64 digits)",
                incomingError("{\"type\":\"list\",\"n\":" + "9".repeat(100) + "}"));
    }

    @Test
    void peerTextQuotedInErrorsIsShortened() {
        String message = incomingError("{\"type\":\"" + "x".repeat(500) + "\"}");
        assertTrue(message.length() < 100, message);
    }
}
