package dev.webrtcsink.signaller.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * INTERIM JSON mapping, to be replaced by the shared protocol package
 * ({@code dev.webrtcsink.api.protocol}) as soon as it is merged: everything JSON-shaped in
 * this module goes through here, so the swap touches one file.
 */
final class Wire {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Wire() {}

    /** What the server can send (signalling-protocol.md §4). */
    sealed interface Incoming {}
    record Welcome(String peerId) implements Incoming {}
    record PeerStatusChanged(List<String> roles, JsonNode meta, String peerId) implements Incoming {}
    record StartSession(String peerId, String sessionId, String offer) implements Incoming {}
    record SessionStarted(String peerId, String sessionId) implements Incoming {}
    record PeerSdp(String sessionId, String type, String sdp) implements Incoming {}
    record PeerIce(String sessionId, String candidate, int sdpMLineIndex) implements Incoming {}
    record EndSession(String sessionId, String error, boolean v11) implements Incoming {}
    record ProducerList(List<Peer> producers) implements Incoming {}
    record ConsumerList() implements Incoming {}
    record ServerError(String details) implements Incoming {}
    record Peer(String id, JsonNode meta) {}

    /** @throws IllegalArgumentException for anything that is not a known server message */
    static Incoming decode(String text) {
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String type = req(n, "type");
        return switch (type) {
            case "welcome" -> new Welcome(req(n, "peerId"));
            case "peerStatusChanged" -> new PeerStatusChanged(roles(n), n.get("meta"), req(n, "peerId"));
            case "startSession" -> new StartSession(req(n, "peerId"), req(n, "sessionId"), opt(n, "offer"));
            case "sessionStarted" -> new SessionStarted(req(n, "peerId"), req(n, "sessionId"));
            case "peer" -> peer(n);
            case "endSession" -> new EndSession(req(n, "sessionId"), null, false);
            case "endSessionV1_1" -> new EndSession(req(n, "sessionId"), opt(n, "error"), true);
            case "list" -> {
                List<Peer> peers = new ArrayList<>();
                JsonNode arr = n.get("producers");
                if (arr == null || !arr.isArray()) {
                    throw new IllegalArgumentException("missing producers");
                }
                for (JsonNode p : arr) {
                    peers.add(new Peer(req(p, "id"), p.get("meta")));
                }
                yield new ProducerList(peers);
            }
            case "listConsumers" -> new ConsumerList();
            case "error" -> new ServerError(req(n, "details"));
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }

    private static Incoming peer(JsonNode n) {
        String sid = req(n, "sessionId");
        JsonNode sdp = n.get("sdp");
        if (sdp != null && sdp.isObject()) {
            return new PeerSdp(sid, req(sdp, "type"), req(sdp, "sdp"));
        }
        JsonNode ice = n.get("ice");
        if (ice != null && ice.isObject() && ice.path("sdpMLineIndex").canConvertToInt()
                && ice.path("sdpMLineIndex").isIntegralNumber()) {
            return new PeerIce(sid, req(ice, "candidate"), ice.get("sdpMLineIndex").intValue());
        }
        throw new IllegalArgumentException("peer message without sdp or ice");
    }

    private static List<String> roles(JsonNode n) {
        JsonNode arr = n.get("roles");
        if (arr == null || !arr.isArray()) {
            throw new IllegalArgumentException("missing roles");
        }
        List<String> out = new ArrayList<>();
        arr.forEach(r -> out.add(r.asText()));
        return out;
    }

    private static String req(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return v.asText();
    }

    private static String opt(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static String setProtocolVersion() {
        return obj("setProtocolVersion").put("version", "v1_1").toString();
    }

    static String setPeerStatus(List<String> roles, JsonNode meta, String peerId) {
        ObjectNode o = obj("setPeerStatus");
        ArrayNode arr = o.putArray("roles");
        roles.forEach(arr::add);
        o.set("meta", meta);
        if (peerId != null) {
            o.put("peerId", peerId);
        }
        return o.toString();
    }

    static String startSession(String peerId) {
        ObjectNode o = obj("startSession").put("peerId", peerId);
        o.putNull("offer");
        return o.toString();
    }

    static String list() {
        return obj("list").toString();
    }

    static String peerSdp(String sessionId, String type, String sdp) {
        ObjectNode o = obj("peer").put("sessionId", sessionId);
        o.putObject("sdp").put("type", type).put("sdp", sdp);
        return o.toString();
    }

    static String peerIce(String sessionId, String candidate, int mline) {
        ObjectNode o = obj("peer").put("sessionId", sessionId);
        o.putObject("ice").put("candidate", candidate).put("sdpMLineIndex", mline);
        return o.toString();
    }

    static String endSession(String sessionId) {
        return obj("endSession").put("sessionId", sessionId).toString();
    }

    static String endSessionWithError(String sessionId, String error) {
        return obj("endSessionV1_1").put("sessionId", sessionId).put("error", error).toString();
    }

    private static ObjectNode obj(String type) {
        return JSON.createObjectNode().put("type", type);
    }
}
