package dev.webrtcsink.signaller.websocket;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.DefaultSSLWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;

/**
 * A tiny WebSocket server for tests that need to see or script the wire: it welcomes each
 * connection as {@code peer-<n>}, records handshake headers and received frames, and sends
 * whatever the test tells it to.
 */
final class ScriptedServer extends WebSocketServer {
    private final CountDownLatch started = new CountDownLatch(1);
    private final List<String> received = new ArrayList<>();
    private final List<WebSocket> connections = new CopyOnWriteArrayList<>();
    private volatile Map<String, String> lastHeaders;
    private volatile Exception startFailure;
    private int peers;
    /** When set, handshakes wait for it: lets a test act while a client is still connecting. */
    volatile CountDownLatch holdHandshakes;
    final CountDownLatch handshakeSeen = new CountDownLatch(1);

    private ScriptedServer(int port) {
        super(new InetSocketAddress("127.0.0.1", port));
        setReuseAddr(true);
        setConnectionLostTimeout(0); // no timer thread: keeps thread counting in tests simple
    }

    static ScriptedServer start(int port, SSLContext tls) throws InterruptedException {
        ScriptedServer s = new ScriptedServer(port);
        if (tls != null) {
            s.setWebSocketFactory(new DefaultSSLWebSocketServerFactory(tls));
        }
        s.start();
        if (!s.started.await(10, TimeUnit.SECONDS) || s.startFailure != null) {
            fail("scripted server did not start: " + s.startFailure);
        }
        return s;
    }

    String uri(String scheme) {
        return scheme + "://127.0.0.1:" + getPort();
    }

    void shutdown() throws InterruptedException {
        stop(2000);
    }

    @Override
    public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft,
            ClientHandshake request) throws InvalidDataException {
        ServerHandshakeBuilder reply = super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
        handshakeSeen.countDown();
        CountDownLatch hold = holdHandshakes;
        if (hold != null) {
            try {
                hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return reply;
    }

    @Override
    public void onStart() {
        started.countDown();
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        handshake.iterateHttpFields().forEachRemaining(name -> headers.put(name, handshake.getFieldValue(name)));
        headers.put(":resource", handshake.getResourceDescriptor());
        lastHeaders = headers;
        connections.add(conn);
        int n;
        synchronized (this) {
            n = ++peers;
        }
        conn.send("{\"type\":\"welcome\",\"peerId\":\"peer-" + n + "\"}");
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        synchronized (this) {
            received.add(message);
            notifyAll();
        }
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        connections.remove(conn);
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        if (conn == null) {
            startFailure = ex;
            started.countDown();
        }
    }

    Map<String, String> lastHeaders() {
        return lastHeaders;
    }

    /** Sends {@code json} on every open connection. */
    void sendToAll(String json) {
        for (WebSocket c : connections) {
            try {
                if (c.isOpen()) {
                    c.send(json);
                }
            } catch (WebsocketNotConnectedException closedMeanwhile) {
                // a client that is going away: nothing to deliver to
            }
        }
    }

    int connectionCount() {
        return connections.size();
    }

    /** Waits until {@code count} frames arrived in total and returns all of them. */
    synchronized List<String> awaitReceived(int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (received.size() < count) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                fail("expected " + count + " frames, got " + received);
            }
            wait(left);
        }
        return List.copyOf(received);
    }

    synchronized List<String> received() {
        return List.copyOf(received);
    }
}
