package dev.webrtcsink.server.transport;

import dev.webrtcsink.server.core.Outbox;
import dev.webrtcsink.server.core.SignallingCore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket side of the signalling server, on Java-WebSocket.
 *
 * <p>Threads: the library's selector thread accepts and moves bytes; its worker threads decode
 * frames and call {@code onOpen/onMessage/...} here, where we only check limits and enqueue onto
 * the {@link EventLoop}. Everything that touches the {@link SignallingCore}, every
 * {@link Outbox#send} and the periodic {@link #sweep()} (keepalive, slow consumers, upgrade
 * timeouts) runs on the event loop.
 *
 * <p>Per peer the order is: {@code core.connected} (queued before any frame of the peer can be
 * read), then its messages, then exactly one {@code core.disconnected}.
 */
public final class WebSocketTransport extends WebSocketServer implements Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketTransport.class);
    /** How long a reading thread waits for room in front of a saturated event loop. */
    private static final Duration INBOUND_MAX_WAIT = Duration.ofSeconds(5);
    private static final int CLOSE_SLOW_CONSUMER = CloseFrame.POLICY_VALIDATION;
    private static final Duration REFUSED_CLOSE_POLL = Duration.ofMillis(20);

    private final TransportLimits limits;
    private final EventLoop loop;
    private final Map<String, String> responseHeaders;
    private final TokenVerifier tokenVerifier;
    private final boolean tls;
    private final TransportCounters counters = new TransportCounters();
    private final Map<String, PeerConnection> peers = new ConcurrentHashMap<>();
    private final Set<GatedWebSocket> upgrading = ConcurrentHashMap.newKeySet();
    private final CountDownLatch selectorStarted = new CountDownLatch(1);
    private volatile Throwable selectorFailure;
    private volatile SignallingCore core;

    /**
     * @param bound a listening channel, bound by the caller so that bind errors surface there
     * @param tlsContext null for plain {@code ws://}
     * @param responseHeaders extra headers for every 101 response (already validated)
     * @param tokenVerifier null when upgrades are not authenticated
     */
    public WebSocketTransport(ServerSocketChannel bound, SSLContext tlsContext, Map<String, String> responseHeaders,
                              TokenVerifier tokenVerifier, TransportLimits limits, EventLoop loop) {
        super(bound);
        this.limits = Objects.requireNonNull(limits, "limits");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.responseHeaders = Map.copyOf(responseHeaders);
        this.tokenVerifier = tokenVerifier;
        this.tls = tlsContext != null;
        setConnectionLostTimeout(0); // the library's own checker is replaced by sweep()
        setTcpNoDelay(true);         // signalling messages are small and latency-sensitive
        setReuseAddr(true);          // a restarted server must be able to rebind while old sockets sit in TIME_WAIT
        setDaemon(true);             // an embedding application that forgets stop() still exits
        GatedWebSocket.UpgradeCheck check = tokenVerifier == null ? null : this::checkUpgrade;
        setWebSocketFactory(new UpgradeSocketFactory(tlsContext, limits.hardFrameCapBytes(), check, upgrading));
    }

    /** Plugs in the core; call once, before {@link #startAndAwait}. */
    public void attach(SignallingCore signallingCore) {
        this.core = Objects.requireNonNull(signallingCore, "core");
    }

    /** Starts the selector and worker threads; throws if they fail to come up. */
    public void startAndAwait(Duration timeout) throws IOException {
        if (core == null) {
            throw new IllegalStateException("attach(core) before starting");
        }
        start();
        try {
            if (!selectorStarted.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("WebSocket selector did not start within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting", e);
        }
        if (selectorFailure != null) {
            throw new IOException("WebSocket server failed to start: " + selectorFailure.getMessage(), selectorFailure);
        }
    }

    /** How often {@link #sweep()} must run to honour the configured timeouts. */
    public Duration sweepPeriod() {
        long shortest = List.of(limits.pingAfterIdle(), limits.pongTimeout(), limits.sendStallTimeout(),
                limits.handshakeTimeout()).stream().mapToLong(Duration::toMillis).min().orElse(1000);
        return Duration.ofMillis(Math.max(20, Math.min(1000, shortest / 4)));
    }

    // ---------------------------------------------------------------- library callbacks (I/O threads)

    @Override
    public void onStart() {
        selectorStarted.countDown();
    }

    @Override
    public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft,
                                                                       ClientHandshake request)
            throws InvalidDataException {
        ServerHandshakeBuilder response = super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
        responseHeaders.forEach(response::put);
        return response;
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        // closeConnection() holds this monitor while it calls onClose: so either we register a
        // peer that onClose will see, or the connection is already closing and we don't.
        synchronized (conn) {
            if (!conn.isOpen()) {
                return;
            }
            long now = System.nanoTime();
            String id = UUID.randomUUID().toString();
            PeerConnection peer = new PeerConnection(id, (GatedWebSocket) conn, remoteOf(conn), limits, now);
            conn.setAttachment(peer);
            peers.put(id, peer);
            upgrading.remove(conn);
            counters.connectionsAccepted.increment();
            LOG.info("peer {} connected from {}{}", id, peer.remote, tls ? " (TLS)" : "");
            loop.execute(() -> {
                peer.announced = true;
                core.connected(id);
            });
        }
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        PeerConnection peer = conn.getAttachment();
        if (peer == null || !peer.markGone()) {
            return;
        }
        peers.remove(peer.id);
        String why = peer.dropReason != null ? peer.dropReason
                : (remote ? "closed by peer" : "closed by server") + " (" + code + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")";
        LOG.info("peer {} disconnected: {}", peer.id, why);
        loop.execute(() -> {
            if (peer.announced) {
                peer.announced = false;
                core.disconnected(peer.id);
            }
        });
    }

    @Override
    public void onMessage(WebSocket conn, String text) {
        PeerConnection peer = admittedFrame(conn);
        if (peer == null) {
            return;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("peer {} sent {}", peer.id, text.length() > 512 ? text.substring(0, 512) + "..." : text);
        }
        long bytes = utf8LengthOver(text, limits.maxFrameBytes());
        if (bytes > limits.maxFrameBytes()) {
            counters.droppedForSize.increment();
            LOG.warn("peer {}: dropped a {}-byte message over the {}-byte limit", peer.id, bytes, limits.maxFrameBytes());
            replyError(peer, "message too large: " + bytes + " bytes, the limit is " + limits.maxFrameBytes()
                    + " bytes; message dropped");
            return;
        }
        boolean queued = loop.executeInbound(() -> {
            if (peer.announced) {
                core.received(peer.id, text);
            }
        }, INBOUND_MAX_WAIT);
        if (!queued && !peer.isGone()) {
            LOG.warn("peer {}: event loop saturated, message dropped", peer.id);
            replyError(peer, "server overloaded; message dropped");
        }
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer binary) {
        PeerConnection peer = admittedFrame(conn);
        if (peer == null) {
            return;
        }
        counters.binaryFramesRejected.increment();
        LOG.warn("peer {}: rejected a binary frame ({} bytes)", peer.id, binary.remaining());
        replyError(peer, "binary frames are not supported: send each message as one JSON text frame");
    }

    @Override
    public void onWebsocketPong(WebSocket conn, Framedata frame) {
        PeerConnection peer = conn.getAttachment();
        if (peer != null) {
            peer.pongReceived(System.nanoTime());
        }
    }

    @Override
    public void onWebsocketPing(WebSocket conn, Framedata frame) {
        PeerConnection peer = conn.getAttachment();
        if (peer == null) {
            return;
        }
        long now = System.nanoTime();
        peer.heard(now);
        // each Ping queues a Pong: a Ping flood from a peer that does not read must neither
        // escape the rate limit nor grow its send queue
        if (!peer.admitInbound(now)) {
            counters.droppedForRate.increment();
            return;
        }
        if (peer.sendQueueOverflow(limits, frame.getPayloadData().remaining()) == null) {
            super.onWebsocketPing(conn, frame); // answers with a Pong
        }
    }

    @Override
    public void onCloseInitiated(WebSocket conn, int code, String reason) {
        if (code == CloseFrame.TOOBIG) {
            PeerConnection peer = conn.getAttachment();
            counters.droppedForSize.increment();
            LOG.warn("peer {}: frame over the hard cap of {} bytes; closing the connection (1009)",
                    peer == null ? remoteOf(conn) : peer.id, limits.hardFrameCapBytes());
        }
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        if (conn == null) {
            if (selectorStarted.getCount() > 0) {
                selectorFailure = ex;
                selectorStarted.countDown();
            }
            LOG.error("WebSocket server error", ex);
        } else {
            PeerConnection peer = conn.getAttachment();
            LOG.debug("connection {} error", peer == null ? remoteOf(conn) : peer.id, ex);
        }
    }

    @Override
    protected boolean removeConnection(WebSocket conn) {
        upgrading.remove(conn); // also reached by connections that never upgraded
        return super.removeConnection(conn);
    }

    /** Counts the frame and applies the rate limit; null when the frame is to be ignored. */
    private PeerConnection admittedFrame(WebSocket conn) {
        PeerConnection peer = conn.getAttachment();
        if (peer == null || peer.isGone()) {
            return null;
        }
        long now = System.nanoTime();
        counters.framesIn.increment();
        peer.heard(now);
        if (peer.admitInbound(now)) {
            return peer;
        }
        counters.droppedForRate.increment();
        if (peer.shouldReportThrottling(now)) {
            LOG.warn("peer {}: over the rate limit of {}/s (burst {}); dropping its messages",
                    peer.id, limits.messagesPerSecond(), limits.messageBurst());
            replyError(peer, String.format(Locale.ROOT,
                    "rate limit exceeded: at most %.0f messages per second (burst %d); messages dropped",
                    limits.messagesPerSecond(), limits.messageBurst()));
        }
        return null;
    }

    private GatedWebSocket.Refusal checkUpgrade(GatedWebSocket socket, ClientHandshake request) {
        String token = tokenOf(request);
        String reason;
        if (token == null) {
            reason = "missing token: send 'Authorization: Bearer <token>' or the query parameter ?token=<token>";
        } else {
            TokenVerifier.Verdict verdict = tokenVerifier.verify(token);
            if (verdict.accepted()) {
                return null;
            }
            reason = verdict.reason();
        }
        counters.connectionsRejected.increment();
        LOG.warn("refused upgrade from {}: {}", remoteOf(socket), reason);
        loop.after(REFUSED_CLOSE_POLL, () -> closeWhenFlushed(socket, 0));
        return new GatedWebSocket.Refusal(401, "Unauthorized", "unauthorized: " + reason,
                "WWW-Authenticate: Bearer realm=\"webrtcsink-signalling\"\r\n");
    }

    /**
     * Closes a refused connection once its HTTP response has been written (the library would
     * wait for the client to hang up); the sweep's handshake timeout remains the backstop.
     */
    private void closeWhenFlushed(GatedWebSocket socket, int attempt) {
        if (socket.isClosed()) {
            upgrading.remove(socket);
        } else if (!socket.hasBufferedData()) {
            socket.closeConnection(CloseFrame.NEVER_CONNECTED, "upgrade refused");
            upgrading.remove(socket);
        } else if (attempt < 50) {
            loop.after(REFUSED_CLOSE_POLL, () -> closeWhenFlushed(socket, attempt + 1));
        }
    }

    /** The bearer token of an upgrade request: header first, then {@code ?token=}. */
    static String tokenOf(ClientHandshake request) {
        String authorization = request.getFieldValue("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).trim();
            if (!token.isEmpty()) {
                return token;
            }
        }
        String target = request.getResourceDescriptor();
        int query = target == null ? -1 : target.indexOf('?');
        if (query < 0) {
            return null;
        }
        for (String parameter : target.substring(query + 1).split("&")) {
            if (parameter.startsWith("token=")) {
                try {
                    String token = URLDecoder.decode(parameter.substring(6), StandardCharsets.UTF_8);
                    return token.isEmpty() ? null : token;
                } catch (IllegalArgumentException malformed) {
                    return null;
                }
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- event loop side

    /** Delivers one message from the core; runs on the event loop, never blocks. */
    @Override
    public void send(String peerId, String json) {
        PeerConnection peer = peers.get(peerId);
        if (peer == null) {
            LOG.debug("dropping a message for unknown peer {}", peerId);
            return;
        }
        deliver(peer, json);
    }

    private void deliver(PeerConnection peer, String json) {
        if (peer.isGone()) {
            return;
        }
        String overflow = peer.sendQueueOverflow(limits, json.length());
        if (overflow != null) {
            dropSlowConsumer(peer, overflow);
            return;
        }
        try {
            peer.socket.send(json);
            counters.framesOut.increment();
        } catch (WebsocketNotConnectedException closing) {
            LOG.debug("peer {} is closing; message dropped", peer.id);
        }
    }

    /** The transport's own {@code error} replies go through the loop so they queue behind {@code welcome}. */
    private void replyError(PeerConnection peer, String details) {
        String json = errorMessage(details);
        loop.execute(() -> deliver(peer, json));
    }

    /** Keepalive, slow-consumer and upgrade-timeout checks; runs periodically on the event loop. */
    public void sweep() {
        long now = System.nanoTime();
        for (PeerConnection peer : peers.values()) {
            long pingSent = peer.pingSentNanos;
            if (pingSent != 0 && now - pingSent >= limits.pongTimeout().toNanos()) {
                counters.deadPeersDropped.increment();
                LOG.warn("peer {}: no pong within {}; dropping it as dead", peer.id, limits.pongTimeout());
                drop(peer, CloseFrame.ABNORMAL_CLOSE, "dead peer: no pong within " + limits.pongTimeout());
                continue;
            }
            if (peer.outboundStalledNanos(now) >= limits.sendStallTimeout().toNanos()) {
                dropSlowConsumer(peer, "send queue stalled for " + limits.sendStallTimeout());
                continue;
            }
            if (pingSent == 0 && now - peer.lastHeardNanos >= limits.pingAfterIdle().toNanos()) {
                try {
                    peer.pingSentNanos = now;
                    peer.socket.sendPing();
                } catch (WebsocketNotConnectedException closing) {
                    // closing already; the pong timeout finishes it off if the close stalls
                }
            }
        }
        for (GatedWebSocket socket : upgrading) {
            if (socket.isOpen() || socket.isClosed()) {
                upgrading.remove(socket);
            } else if (socket.refused() && !socket.hasBufferedData()) {
                socket.closeConnection(CloseFrame.NEVER_CONNECTED, "upgrade refused");
                upgrading.remove(socket);
            } else if (now - socket.createdNanos() >= limits.handshakeTimeout().toNanos()) {
                if (!socket.refused()) {
                    counters.connectionsRejected.increment();
                    LOG.warn("connection from {} did not complete the {} handshake within {}; closing it",
                            remoteOf(socket), tls ? "TLS/WebSocket" : "WebSocket", limits.handshakeTimeout());
                }
                socket.closeConnection(CloseFrame.NEVER_CONNECTED, "handshake timeout");
                upgrading.remove(socket);
            }
        }
    }

    private void dropSlowConsumer(PeerConnection peer, String why) {
        counters.slowConsumersDisconnected.increment();
        LOG.warn("peer {}: slow consumer, {}; disconnecting it", peer.id, why);
        drop(peer, CLOSE_SLOW_CONSUMER, "slow consumer: " + why);
    }

    /**
     * Closes without a closing handshake: the peer is not reading, so a Close frame would only
     * queue behind the backlog. onClose follows synchronously and tells the core.
     */
    private void drop(PeerConnection peer, int code, String why) {
        peer.dropReason = why;
        peer.socket.closeConnection(code, why);
    }

    // ---------------------------------------------------------------- lifecycle and diagnosis

    /**
     * Closes every connection and stops the library's threads. Peers first get a Close frame
     * and {@code grace} to answer it; whoever has not gone by then is cut off.
     */
    public void shutdown(Duration grace) throws InterruptedException {
        for (PeerConnection peer : peers.values()) {
            peer.socket.close(CloseFrame.GOING_AWAY, "server stopping");
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (!peers.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10); // bounded wait for close handshakes already under way
        }
        closeEverything();
        stop((int) Math.max(1000, grace.toMillis())); // joins the selector; closes the listening socket
        closeEverything(); // anything accepted while we were closing
    }

    private void closeEverything() {
        for (PeerConnection peer : new ArrayList<>(peers.values())) {
            peer.socket.closeConnection(CloseFrame.GOING_AWAY, "server stopping");
        }
        for (GatedWebSocket socket : new ArrayList<>(upgrading)) {
            socket.closeConnection(CloseFrame.NEVER_CONNECTED, "server stopping");
            upgrading.remove(socket);
        }
    }

    public TransportStats stats() {
        return counters.snapshot(peers.size());
    }

    public boolean tls() {
        return tls;
    }

    /** Connection-level state, one line per peer. */
    public String dump() {
        long now = System.nanoTime();
        StringBuilder out = new StringBuilder();
        out.append("transport: ").append(tls ? "wss" : "ws").append(" port ").append(getPort())
                .append(", ").append(peers.size()).append(" peers, ").append(upgrading.size())
                .append(" upgrading, event loop backlog ").append(loop.backlog()).append('\n');
        out.append("  ").append(stats()).append('\n');
        peers.values().forEach(peer -> out.append("  peer ").append(peer.describe(now)).append('\n'));
        return out.toString();
    }

    // ---------------------------------------------------------------- helpers

    /** {@code {"type":"error","details":...}} as upstream's server sends it. */
    public static String errorMessage(String details) {
        StringBuilder json = new StringBuilder(details.length() + 32).append("{\"type\":\"error\",\"details\":\"");
        for (int i = 0; i < details.length(); i++) {
            char c = details.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append("\"}").toString();
    }

    /**
     * The UTF-8 length of {@code text}, computed exactly only when it could exceed {@code limit}
     * (every char is 1 to 3 bytes, a surrogate pair 4).
     */
    static long utf8LengthOver(String text, int limit) {
        int chars = text.length();
        if ((long) chars * 3 <= limit) {
            return chars;
        }
        long bytes = 0;
        for (int i = 0; i < chars; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < chars && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private String remoteOf(WebSocket conn) {
        try {
            InetSocketAddress address = conn.getRemoteSocketAddress();
            return address == null ? "?" : address.getAddress().getHostAddress() + ":" + address.getPort();
        } catch (RuntimeException closed) {
            return "?";
        }
    }
}
