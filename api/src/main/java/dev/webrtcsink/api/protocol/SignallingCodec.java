package dev.webrtcsink.api.protocol;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Maps signalling messages to and from their JSON text, exactly as upstream does: a {@code "type"}
 * discriminator, camelCase field names, optional fields accepted as missing or {@code null} and
 * always written (as {@code null} when absent) except {@code peerId} of a peer status, which is
 * left out when absent; unknown fields are ignored, mandatory ones enforced.
 *
 * <p>Input is treated as hostile: nesting depth, string, name, number and message lengths are
 * capped, duplicate keys and trailing content are refused, and every failure — including any
 * Jackson exception — surfaces as a {@link ProtocolException} whose message says what is wrong.
 *
 * <p>Instances are immutable and thread-safe; share one.
 */
public final class SignallingCodec {
    /** Deepest JSON nesting accepted; messages need 3 levels, the rest is room for {@code meta}. */
    public static final int MAX_NESTING_DEPTH = 32;
    /** Longest string value in characters; generous for SDPs of many-stream sessions. */
    public static final int MAX_STRING_LENGTH = 1 << 20;
    /** Longest message text in characters. */
    public static final int MAX_MESSAGE_LENGTH = 4 << 20;
    /** Longest object key in characters. */
    public static final int MAX_NAME_LENGTH = 1024;
    /** Longest number literal in characters (guards against pathological big-number parsing). */
    public static final int MAX_NUMBER_LENGTH = 64;

    /** Types only the server sends: a peer sending one gets a clearer message than "unknown". */
    private static final Set<String> SERVER_ONLY_TYPES = Set.of(
            OutgoingMessage.Welcome.TYPE, OutgoingMessage.PeerStatusChanged.TYPE,
            OutgoingMessage.SessionStarted.TYPE, OutgoingMessage.ErrorReply.TYPE);
    /** Types only peers send. */
    private static final Set<String> PEER_ONLY_TYPES = Set.of(
            IncomingMessage.SetProtocolVersion.TYPE, IncomingMessage.SetPeerStatus.TYPE);
    /** Upstream's server-internal "connection accepted" message, part of its incoming enum. */
    private static final String INTERNAL_NEW_PEER_TYPE = "newPeer";

    private final ObjectMapper mapper;

    public SignallingCodec() {
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNameLength(MAX_NAME_LENGTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxDocumentLength(MAX_MESSAGE_LENGTH)
                .build();
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(limits)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        mapper = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    // ---------------------------------------------------------------- parsing

    /**
     * Parses a frame a peer sent to the server.
     *
     * @throws ProtocolException if it is not valid JSON, not an object, of an unknown type (or a
     *     type only the server may send, or the server-internal {@code newPeer}), or a field is
     *     missing or of the wrong type
     */
    public IncomingMessage parseIncoming(String text) throws ProtocolException {
        ObjectNode root = readMessageObject(text);
        String type = readType(root);
        JsonFields message = new JsonFields(root, type);
        switch (type) {
            case IncomingMessage.SetProtocolVersion.TYPE:
                return readSetProtocolVersion(message);
            case IncomingMessage.SetPeerStatus.TYPE:
                return new IncomingMessage.SetPeerStatus(readPeerStatus(message));
            case IncomingMessage.StartSession.TYPE:
                return new IncomingMessage.StartSession(
                        message.requiredString("peerId"), message.optionalString("offer"));
            case PeerMessage.TYPE:
            case EndSession.TYPE:
            case EndSessionV1_1.TYPE:
                return (IncomingMessage) readSessionMessage(type, message);
            case IncomingMessage.ListProducers.TYPE:
                return new IncomingMessage.ListProducers();
            case IncomingMessage.ListConsumers.TYPE:
                return new IncomingMessage.ListConsumers();
            case INTERNAL_NEW_PEER_TYPE:
                throw new ProtocolException("message type 'newPeer' is internal to the server and cannot be sent by peers");
            default:
                if (SERVER_ONLY_TYPES.contains(type)) {
                    throw new ProtocolException("message type '" + type + "' is only sent by the server");
                }
                throw new ProtocolException("unknown message type " + JsonFields.quote(type));
        }
    }

    /**
     * Parses a frame the server sent to a peer (for client signallers).
     *
     * @throws ProtocolException if it is not valid JSON, not an object, of an unknown type (or a
     *     type only peers send), or a field is missing or of the wrong type
     */
    public OutgoingMessage parseOutgoing(String text) throws ProtocolException {
        ObjectNode root = readMessageObject(text);
        String type = readType(root);
        JsonFields message = new JsonFields(root, type);
        switch (type) {
            case OutgoingMessage.Welcome.TYPE:
                return new OutgoingMessage.Welcome(message.requiredString("peerId"));
            case OutgoingMessage.PeerStatusChanged.TYPE:
                return new OutgoingMessage.PeerStatusChanged(readPeerStatus(message));
            case OutgoingMessage.StartSession.TYPE:
                return new OutgoingMessage.StartSession(message.requiredString("peerId"),
                        message.requiredString("sessionId"), message.optionalString("offer"));
            case OutgoingMessage.SessionStarted.TYPE:
                return new OutgoingMessage.SessionStarted(
                        message.requiredString("peerId"), message.requiredString("sessionId"));
            case PeerMessage.TYPE:
            case EndSession.TYPE:
            case EndSessionV1_1.TYPE:
                return (OutgoingMessage) readSessionMessage(type, message);
            case OutgoingMessage.ProducerList.TYPE:
                return new OutgoingMessage.ProducerList(readPeerInfos(message, "producers"));
            case OutgoingMessage.ConsumerList.TYPE:
                return new OutgoingMessage.ConsumerList(readPeerInfos(message, "consumers"));
            case OutgoingMessage.ErrorReply.TYPE:
                return new OutgoingMessage.ErrorReply(message.requiredString("details"));
            default:
                if (PEER_ONLY_TYPES.contains(type) || INTERNAL_NEW_PEER_TYPE.equals(type)) {
                    throw new ProtocolException("message type '" + type + "' is never sent by the server");
                }
                throw new ProtocolException("unknown message type " + JsonFields.quote(type));
        }
    }

    private ObjectNode readMessageObject(String text) throws ProtocolException {
        if (text == null || text.isBlank()) {
            throw new ProtocolException("message is empty");
        }
        // Checked up front as well so a huge frame is refused without scanning it.
        if (text.length() > MAX_MESSAGE_LENGTH) {
            throw new ProtocolException("message too long (more than " + MAX_MESSAGE_LENGTH + " characters)");
        }
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (StreamConstraintsException e) {
            throw new ProtocolException(describeLimit(e), e);
        } catch (JacksonException e) {
            throw new ProtocolException("malformed JSON: " + describeSyntaxError(e), e);
        } catch (RuntimeException e) {
            // Defensive: Jackson should only throw the above, but nothing may escape unexplained.
            throw new ProtocolException("malformed JSON: " + e, e);
        }
        if (root == null || root.isMissingNode()) {
            throw new ProtocolException("message is empty");
        }
        if (!root.isObject()) {
            throw new ProtocolException("message is not a JSON object");
        }
        return (ObjectNode) root;
    }

    private static String readType(ObjectNode root) throws ProtocolException {
        return new JsonFields(root, "message").requiredString("type");
    }

    private static String describeLimit(StreamConstraintsException e) {
        String detail = String.valueOf(e.getOriginalMessage());
        if (detail.contains("nesting depth")) {
            return "nesting too deep (more than " + MAX_NESTING_DEPTH + " levels)";
        }
        if (detail.startsWith("String value length")) {
            return "string too long (more than " + MAX_STRING_LENGTH + " characters)";
        }
        if (detail.startsWith("Name length")) {
            return "field name too long (more than " + MAX_NAME_LENGTH + " characters)";
        }
        if (detail.startsWith("Number value length")) {
            return "number too long (more than " + MAX_NUMBER_LENGTH + " digits)";
        }
        if (detail.startsWith("Document length")) {
            return "message too long (more than " + MAX_MESSAGE_LENGTH + " characters)";
        }
        return "message exceeds a size limit: " + detail;
    }

    /** Jackson's own description without its multi-line source excerpt, plus the position. */
    private static String describeSyntaxError(JacksonException e) {
        String detail = e instanceof JsonProcessingException
                ? ((JsonProcessingException) e).getOriginalMessage()
                : e.getMessage();
        if (detail == null) {
            detail = e.getClass().getSimpleName();
        }
        if (detail.startsWith("Trailing token")) {
            detail = "trailing content after the JSON object";
        }
        // Jackson appends source excerpts and back-references that only add noise for a peer.
        for (String noise : new String[] {"\n", " (start marker at"}) {
            int at = detail.indexOf(noise);
            if (at >= 0) {
                detail = detail.substring(0, at);
            }
        }
        if (detail.length() > 200) {
            detail = detail.substring(0, 200) + "…";
        }
        JsonLocation where = e.getLocation();
        if (where != null && where.getLineNr() > 0) {
            detail += " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
        }
        return detail;
    }

    private static IncomingMessage readSetProtocolVersion(JsonFields message) throws ProtocolException {
        String name = message.requiredString("version");
        ProtocolVersion version = ProtocolVersion.fromWireName(name);
        if (version == null) {
            throw new ProtocolException("unknown protocol version " + JsonFields.quote(name)
                    + " in setProtocolVersion (expected v1_0 or v1_1)");
        }
        return new IncomingMessage.SetProtocolVersion(version);
    }

    private static PeerStatus readPeerStatus(JsonFields message) throws ProtocolException {
        String context = message.context();
        ArrayNode roleNames = message.requiredArray("roles", "roles");
        List<PeerRole> roles = new ArrayList<>(roleNames.size());
        for (JsonNode roleName : roleNames) {
            if (!roleName.isTextual()) {
                throw message.wrongType("roles", "an array of role names");
            }
            PeerRole role = PeerRole.fromWireName(roleName.textValue());
            if (role == null) {
                throw new ProtocolException("unknown role " + JsonFields.quote(roleName.textValue()) + " in "
                        + context + " (expected producer, consumer or listener)");
            }
            roles.add(role);
        }
        return new PeerStatus(roles, message.optionalValue("meta"), message.optionalString("peerId"));
    }

    /**
     * A message of a session in progress: {@code peer}, {@code endSession} or {@code endSessionV1_1}. Peers send
     * them and the server relays them unchanged, so they read the same either way; each of the three records is both
     * an {@link IncomingMessage} and an {@link OutgoingMessage}, which makes the callers' casts safe.
     */
    private static SignallingMessage readSessionMessage(String type, JsonFields message) throws ProtocolException {
        switch (type) {
            case PeerMessage.TYPE:
                return readPeerMessage(message);
            case EndSession.TYPE:
                return new EndSession(message.requiredString("sessionId"));
            case EndSessionV1_1.TYPE:
                return new EndSessionV1_1(message.requiredString("sessionId"), message.optionalString("error"));
            default:
                throw new IllegalArgumentException("not a session message type: " + type);
        }
    }

    private static PeerMessage readPeerMessage(JsonFields message) throws ProtocolException {
        String sessionId = message.requiredString("sessionId");
        boolean hasSdp = message.isPresent("sdp");
        boolean hasIce = message.isPresent("ice");
        if (hasSdp == hasIce) {
            throw new ProtocolException(hasSdp
                    ? "peer message must not carry both 'sdp' and 'ice'"
                    : "peer message needs an 'sdp' or an 'ice' field");
        }
        if (hasSdp) {
            JsonFields sdp = message.requiredObject("sdp");
            String typeName = sdp.requiredString("type");
            SdpType type = SdpType.fromWireName(typeName);
            if (type == null) {
                throw new ProtocolException("unknown SDP type " + JsonFields.quote(typeName) + " in "
                        + sdp.context() + " (expected offer or answer)");
            }
            return new PeerMessage(sessionId, new SessionDescription(type, sdp.requiredString("sdp")));
        }
        JsonFields ice = message.requiredObject("ice");
        return new PeerMessage(sessionId,
                new IceCandidate(ice.requiredString("candidate"), ice.requiredUnsigned32("sdpMLineIndex")));
    }

    private static List<PeerInfo> readPeerInfos(JsonFields message, String field) throws ProtocolException {
        ArrayNode entries = message.requiredArray(field, "peers");
        List<PeerInfo> peers = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            if (!entry.isObject()) {
                throw message.wrongType(field, "an array of peer objects");
            }
            JsonFields peer = new JsonFields((ObjectNode) entry, message.context() + "." + field + "[" + i + "]");
            peers.add(new PeerInfo(peer.requiredString("id"), peer.optionalValue("meta")));
        }
        return peers;
    }

    // ---------------------------------------------------------------- serialization

    /** The JSON text of any message, either direction; never fails for a well-formed record. */
    public String serialize(SignallingMessage message) {
        ObjectNode json = toJson(message);
        try {
            return mapper.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            // A tree of plain nodes always serializes; reaching this is a bug, not bad input.
            throw new IllegalStateException("cannot serialize " + message.wireType(), e);
        }
    }

    /** The message as a JSON tree, field order as upstream writes it. */
    private static ObjectNode toJson(SignallingMessage message) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("type", message.wireType());
        if (message instanceof PeerMessage) {
            writePeerMessage(json, (PeerMessage) message);
        } else if (message instanceof EndSession) {
            json.put("sessionId", ((EndSession) message).sessionId());
        } else if (message instanceof EndSessionV1_1) {
            EndSessionV1_1 end = (EndSessionV1_1) message;
            json.put("sessionId", end.sessionId());
            json.put("error", end.error());
        } else if (message instanceof IncomingMessage) {
            writeIncoming(json, (IncomingMessage) message);
        } else {
            writeOutgoing(json, (OutgoingMessage) message);
        }
        return json;
    }

    private static void writeIncoming(ObjectNode json, IncomingMessage message) {
        if (message instanceof IncomingMessage.SetProtocolVersion) {
            json.put("version", ((IncomingMessage.SetProtocolVersion) message).version().wireName());
        } else if (message instanceof IncomingMessage.SetPeerStatus) {
            writePeerStatus(json, ((IncomingMessage.SetPeerStatus) message).status());
        } else if (message instanceof IncomingMessage.StartSession) {
            IncomingMessage.StartSession start = (IncomingMessage.StartSession) message;
            json.put("peerId", start.peerId());
            json.put("offer", start.offer());
        }
        // ListProducers and ListConsumers have nothing but their type.
    }

    private static void writeOutgoing(ObjectNode json, OutgoingMessage message) {
        if (message instanceof OutgoingMessage.Welcome) {
            json.put("peerId", ((OutgoingMessage.Welcome) message).peerId());
        } else if (message instanceof OutgoingMessage.PeerStatusChanged) {
            writePeerStatus(json, ((OutgoingMessage.PeerStatusChanged) message).status());
        } else if (message instanceof OutgoingMessage.StartSession) {
            OutgoingMessage.StartSession start = (OutgoingMessage.StartSession) message;
            json.put("peerId", start.peerId());
            json.put("sessionId", start.sessionId());
            json.put("offer", start.offer());
        } else if (message instanceof OutgoingMessage.SessionStarted) {
            OutgoingMessage.SessionStarted started = (OutgoingMessage.SessionStarted) message;
            json.put("peerId", started.peerId());
            json.put("sessionId", started.sessionId());
        } else if (message instanceof OutgoingMessage.ProducerList) {
            writePeerInfos(json.putArray("producers"), ((OutgoingMessage.ProducerList) message).producers());
        } else if (message instanceof OutgoingMessage.ConsumerList) {
            writePeerInfos(json.putArray("consumers"), ((OutgoingMessage.ConsumerList) message).consumers());
        } else if (message instanceof OutgoingMessage.ErrorReply) {
            json.put("details", ((OutgoingMessage.ErrorReply) message).details());
        }
    }

    private static void writePeerStatus(ObjectNode json, PeerStatus status) {
        ArrayNode roles = json.putArray("roles");
        status.roles().forEach(role -> roles.add(role.wireName()));
        json.set("meta", nullToJsonNull(status.meta()));
        if (status.peerId() != null) {
            json.put("peerId", status.peerId());
        }
    }

    private static void writePeerMessage(ObjectNode json, PeerMessage message) {
        json.put("sessionId", message.sessionId());
        PeerPayload payload = message.payload();
        if (payload instanceof SessionDescription) {
            SessionDescription description = (SessionDescription) payload;
            ObjectNode sdp = json.putObject("sdp");
            sdp.put("type", description.type().wireName());
            sdp.put("sdp", description.sdp());
        } else {
            IceCandidate candidate = (IceCandidate) payload;
            ObjectNode ice = json.putObject("ice");
            ice.put("candidate", candidate.candidate());
            ice.put("sdpMLineIndex", candidate.sdpMLineIndex());
        }
    }

    private static void writePeerInfos(ArrayNode array, List<PeerInfo> peers) {
        for (PeerInfo peer : peers) {
            ObjectNode entry = array.addObject();
            entry.put("id", peer.id());
            entry.set("meta", nullToJsonNull(peer.meta()));
        }
    }

    private static JsonNode nullToJsonNull(JsonNode value) {
        return value == null ? JsonNodeFactory.instance.nullNode() : value;
    }
}
