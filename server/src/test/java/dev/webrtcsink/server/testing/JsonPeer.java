package dev.webrtcsink.server.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A protocol-speaking test peer over {@link RawWebSocketClient}: send JSON, wait for a message type. */
public final class JsonPeer implements AutoCloseable {
    private static final Pattern STRING_FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    public final RawWebSocketClient ws;
    public final String id;

    private JsonPeer(RawWebSocketClient ws, String id) {
        this.ws = ws;
        this.id = id;
    }

    /** Connects and waits for {@code welcome}. */
    public static JsonPeer connect(int port) throws IOException {
        RawWebSocketClient ws = RawWebSocketClient.connect(port);
        String welcome = ws.nextText(TIMEOUT);
        if (welcome == null || !welcome.contains("\"welcome\"")) {
            throw new IOException("expected welcome, got " + welcome);
        }
        return new JsonPeer(ws, field(welcome, "peerId"));
    }

    public void send(String json) throws IOException {
        ws.sendText(json);
    }

    /**
     * Registers as producer and returns once the server has stored it: the reply to a
     * {@code list} sent after {@code setPeerStatus} on the same connection proves it, since
     * without the listener role no notification comes back (and another peer's
     * {@code startSession} could otherwise overtake the registration).
     */
    public JsonPeer produce() throws IOException {
        send("{\"type\":\"setPeerStatus\",\"roles\":[\"producer\"],\"meta\":{\"name\":\"" + id + "\"}}");
        send("{\"type\":\"list\"}");
        expect("list");
        return this;
    }

    /** Starts a session with {@code producer}; returns the session id from sessionStarted. */
    public String startSession(JsonPeer producer) throws IOException {
        send("{\"type\":\"startSession\",\"peerId\":\"" + producer.id + "\"}");
        String sid = field(expect("sessionStarted"), "sessionId");
        producer.expect("startSession");
        return sid;
    }

    /** Reads until a message of {@code type} arrives (others are skipped); fails after 10 s. */
    public String expect(String type) throws IOException {
        String marker = "\"type\":\"" + type + "\"";
        while (true) {
            String msg = ws.nextText(TIMEOUT);
            if (msg == null) {
                throw new IOException(id + ": connection closed while waiting for " + type);
            }
            if (msg.replace(" ", "").contains(marker)) {
                return msg;
            }
        }
    }

    public static String field(String json, String name) {
        Matcher m = STRING_FIELD.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        throw new IllegalArgumentException("no string field '" + name + "' in " + json);
    }

    @Override
    public void close() throws IOException {
        ws.close();
    }
}
