package dev.webrtcsink.signaller.websocket;

import dev.webrtcsink.api.AbstractSignaller;
import dev.webrtcsink.api.IceCandidate;
import dev.webrtcsink.api.PropertySpec;
import dev.webrtcsink.api.Role;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.api.SignallerListener;
import dev.webrtcsink.api.Structures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default signaller: the JSON protocol of gst-webrtc-signalling-server over one WebSocket
 * (signallable.md §4, signalling-protocol.md §10). Producer for webrtcsink, consumer for
 * webrtcsrc, listener for applications that only watch producers come and go.
 *
 * <p>Differences from upstream, on purpose:
 * <ul>
 *   <li>TLS certificates are verified by default, against the JVM's default trust store plus
 *       {@code cafile} (upstream skips verification without {@code cafile}); host names are
 *       checked. {@code insecure-tls=true} disables both.</li>
 *   <li>A lost connection is re-established with exponential back-off
 *       ({@code reconnect-attempts}, {@code reconnect-delay-ms}, {@code reconnect-max-delay-ms}).
 *       The server forgot us, so sessions of the lost connection are reported ended with an
 *       error, announced producers removed, and on the new connection a producer registers
 *       again (new peer id, same meta) and a consumer repeats its start-up.</li>
 *   <li>A consumer without {@code producer-peer-id} or {@code connect-to-first-producer}
 *       registers as {@code ["consumer","listener"]} and starts one session with every
 *       producer the server lists or announces later (upstream only waits, as a passive
 *       consumer, for producer-initiated sessions, which still work here).</li>
 *   <li>A connection closed by the server is reported as an error when not reconnecting
 *       (upstream ends silently), and a malformed SDP is reported without ending the read
 *       loop.</li>
 * </ul>
 *
 * <p>Properties are read at {@link #start}; changing them while started takes effect at the
 * next start. {@code role} is fixed at creation.
 */
public final class WebSocketSignaller extends AbstractSignaller {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketSignaller.class);

    public static final String URI = "uri";
    public static final String PRODUCER_PEER_ID = "producer-peer-id";
    public static final String CAFILE = "cafile";
    public static final String ROLE = "role";
    public static final String CLIENT_ID = "client-id";
    public static final String HEADERS = "headers";
    public static final String INSECURE_TLS = "insecure-tls";
    public static final String CONNECT_TO_FIRST_PRODUCER = "connect-to-first-producer";
    public static final String CONNECT_TIMEOUT_MS = "connect-timeout-ms";
    public static final String RECONNECT_ATTEMPTS = "reconnect-attempts";
    public static final String RECONNECT_DELAY_MS = "reconnect-delay-ms";
    public static final String RECONNECT_MAX_DELAY_MS = "reconnect-max-delay-ms";

    static final String DEFAULT_URI = "ws://127.0.0.1:8443/";

    /** The property list, shared with {@link DefaultSignallerFactory#properties()}. */
    static final List<PropertySpec> PROPERTIES = List.of(
            PropertySpec.string(URI, DEFAULT_URI, "Signalling server URL (ws:// or wss://). Query parameters"
                    + " peer-id and connect-to-first-producer set those settings (consumer role) and are"
                    + " not sent to the server"),
            PropertySpec.string(PRODUCER_PEER_ID, null, "Consumer role: the producer to start a session"
                    + " with. Without it (and without connect-to-first-producer) the consumer starts a session"
                    + " with every producer, listed or announced later, and accepts producer-initiated sessions"),
            PropertySpec.string(CAFILE, null, "PEM file of CA certificates trusted for wss:// in addition"
                    + " to the system trust store"),
            PropertySpec.builder(ROLE, PropertySpec.Type.ENUM).enumValues(List.of("consumer", "producer",
                    "listener")).defaultValue("consumer").readOnly()
                    .description("What this signaller registers as; fixed at creation").build(),
            PropertySpec.builder(CLIENT_ID, PropertySpec.Type.STRING).readOnly()
                    .description("Our peer id, as given by the server's welcome; null when not connected")
                    .build(),
            PropertySpec.builder(HEADERS, PropertySpec.Type.STRUCTURE)
                    .description("Extra WebSocket handshake request headers, one per field, e.g."
                            + " headers,cookie=\"session=1\"").build(),
            PropertySpec.bool(INSECURE_TLS, false, "Accept any server certificate and host name"
                    + " (NOT verified: for testing only)"),
            PropertySpec.bool(CONNECT_TO_FIRST_PRODUCER, false, "Consumer role: start a session with the"
                    + " first producer the server lists"),
            PropertySpec.builder(CONNECT_TIMEOUT_MS, PropertySpec.Type.INT).defaultValue(20_000)
                    .range(1, Integer.MAX_VALUE)
                    .description("Time allowed for TCP connect, and for each read of the TLS and WebSocket"
                            + " handshakes").build(),
            PropertySpec.builder(RECONNECT_ATTEMPTS, PropertySpec.Type.INT).defaultValue(-1)
                    .range(-1, Integer.MAX_VALUE)
                    .description("After losing an established connection: consecutive failed reconnect"
                            + " attempts before giving up with an error; -1 = never give up, 0 = do not"
                            + " reconnect").build(),
            PropertySpec.builder(RECONNECT_DELAY_MS, PropertySpec.Type.INT).defaultValue(500)
                    .range(1, Integer.MAX_VALUE)
                    .description("Wait before the first reconnect attempt; doubles after each failure").build(),
            PropertySpec.builder(RECONNECT_MAX_DELAY_MS, PropertySpec.Type.INT).defaultValue(10_000)
                    .range(1, Integer.MAX_VALUE)
                    .description("Upper bound of the wait between reconnect attempts").build());

    private final Role role;
    /** Serialises start() and stop(); never held while waiting for anything but them. */
    private final Object lifecycle = new Object();
    /**
     * The running loop, null when stopped. Written under {@link #lifecycle}, read without it:
     * the send methods may be called from a listener callback while stop() (holding the lock)
     * waits for that very callback to return.
     */
    private volatile ConnectionLoop loop;

    public WebSocketSignaller(Role role) {
        super(PROPERTIES);
        this.role = Objects.requireNonNull(role, "role");
        update(ROLE, role.wireName());
    }

    public Role role() {
        return role;
    }

    @Override
    public void set(String property, Object value) {
        switch (property) {
            case URI -> setUri(value);
            case PRODUCER_PEER_ID, CONNECT_TO_FIRST_PRODUCER -> {
                if (role != Role.CONSUMER) {
                    // upstream warns and ignores: only a consumer picks a producer
                    LOG.warn("{} only applies to the consumer role, ignored for {}", property, role.wireName());
                    return;
                }
                super.set(property, value);
            }
            default -> super.set(property, value);
        }
    }

    /**
     * Checks the URL and applies its query: {@code peer-id} sets {@code producer-peer-id},
     * {@code connect-to-first-producer} sets that flag (consumer role only, as upstream). The
     * stored value keeps only the query reflecting those settings.
     */
    private void setUri(Object value) {
        SignallerUri parsed = SignallerUri.parse(value == null ? null : value.toString());
        boolean consumer = role == Role.CONSUMER;
        if (parsed.peerId() != null) {
            if (consumer) {
                super.set(PRODUCER_PEER_ID, parsed.peerId());
            } else {
                LOG.warn("uri query peer-id only applies to the consumer role, ignored for {}", role.wireName());
            }
        }
        if (parsed.connectToFirstProducer() != null) {
            if (consumer) {
                super.set(CONNECT_TO_FIRST_PRODUCER, parsed.connectToFirstProducer());
            } else {
                LOG.warn("uri query connect-to-first-producer only applies to the consumer role, ignored for {}",
                        role.wireName());
            }
        }
        super.set(URI, SignallerUri.storedForm(parsed.withoutQuery(), getString(PRODUCER_PEER_ID),
                Boolean.TRUE.equals(get(CONNECT_TO_FIRST_PRODUCER))));
    }

    /**
     * Connects in the background; failures arrive as {@link SignallerListener#error}. Starting
     * a started signaller restarts it.
     */
    @Override
    public void start(SignallerListener listener) {
        ConnectSettings settings = snapshot();
        synchronized (lifecycle) {
            if (loop != null) {
                LOG.warn("start() while started: restarting");
                stopLocked();
            }
            attach(listener);
            loop = new ConnectionLoop(settings, new GatedListener(listener()), id -> update(CLIENT_ID, id));
            loop.start();
        }
    }

    /**
     * Closes the connection (flushing what was already sent) and waits until the I/O thread and
     * Java-WebSocket's threads have ended; no listener call happens after this returns. Messages
     * still queued for a connection that never opened are dropped. Idempotent.
     */
    @Override
    public void stop() {
        synchronized (lifecycle) {
            stopLocked();
        }
    }

    private void stopLocked() {
        ConnectionLoop l = loop;
        if (l != null) {
            l.stop();
            loop = null;
        }
        update(CLIENT_ID, null);
        detach();
    }

    @Override
    public void sendSessionDescription(String sessionId, SessionDescription description) {
        // the protocol only knows offers and answers; upstream maps everything else to answer
        boolean offer = description.type() == SessionDescription.Type.OFFER;
        send(Wire.sdp(sessionId, offer, description.sdp()), (offer ? "offer" : "answer") + " of session " + sessionId);
    }

    @Override
    public void sendIceCandidate(String sessionId, IceCandidate candidate) {
        // sdpMid is not part of the protocol: receivers route by m-line index
        send(Wire.ice(sessionId, candidate.candidate(), candidate.sdpMLineIndex()),
                "ICE candidate of session " + sessionId);
    }

    @Override
    public void endSession(String sessionId) {
        ConnectionLoop l = current();
        if (l != null) {
            l.sessionEndedLocally(sessionId);
        }
        send(Wire.endSession(sessionId), "endSession " + sessionId);
    }

    @Override
    public void endSessionWithError(String sessionId, String error) {
        ConnectionLoop l = current();
        if (l != null) {
            l.sessionEndedLocally(sessionId);
        }
        send(Wire.endSessionWithError(sessionId, error), "endSession " + sessionId + " (" + error + ")");
    }

    private void send(String json, String what) {
        ConnectionLoop l = current();
        if (l == null) {
            LOG.info("signaller not started, dropping {}", what);
            return;
        }
        l.send(json, what);
    }

    private ConnectionLoop current() {
        return loop;
    }

    private ConnectSettings snapshot() {
        SignallerUri uri = SignallerUri.parse(getString(URI));
        return new ConnectSettings(role, uri.withoutQuery(), headers(), getString(CAFILE),
                (Boolean) get(INSECURE_TLS), role == Role.CONSUMER ? getString(PRODUCER_PEER_ID) : null,
                role == Role.CONSUMER && (Boolean) get(CONNECT_TO_FIRST_PRODUCER),
                (Integer) get(CONNECT_TIMEOUT_MS), (Integer) get(RECONNECT_ATTEMPTS),
                (Integer) get(RECONNECT_DELAY_MS), (Integer) get(RECONNECT_MAX_DELAY_MS));
    }

    /** The {@code headers} structure as handshake headers; unusable fields are skipped. */
    private Map<String, String> headers() {
        Map<String, String> out = new LinkedHashMap<>();
        String text = getString(HEADERS);
        if (text == null || text.isBlank()) {
            return out;
        }
        Structures.parse(text).fields().forEach((name, value) -> {
            if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+") || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                LOG.warn("headers: skipping field {} (not a valid HTTP header)", name);
            } else {
                out.put(name, value);
            }
        });
        return out;
    }

    @Override
    public String dump() {
        ConnectionLoop l = current();
        return super.dump() + "\n" + (l == null ? "stopped" : l.dump());
    }
}
