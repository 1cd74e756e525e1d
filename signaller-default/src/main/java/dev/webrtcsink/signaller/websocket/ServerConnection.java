package dev.webrtcsink.signaller.websocket;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Map;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ServerHandshake;

/**
 * One WebSocket connection to the signalling server, driven synchronously: {@link #run()}
 * connects, handshakes and reads until the connection is over, on the caller's thread. That
 * thread (the signaller's I/O thread) therefore owns the whole connection, and the threads
 * Java-WebSocket starts for it (writer, ping timer) are created in the caller's thread group,
 * where the signaller finds and joins them.
 *
 * <p>Every socket comes from {@link TrackingSocketFactory}, so {@link #abort()} can close
 * it at any point, even while TCP connect or the TLS handshake is still in progress, and the
 * connect timeout also bounds the TLS and WebSocket handshakes (as the socket read timeout).
 */
final class ServerConnection extends WebSocketClient {

    /** What the connection reports; all calls happen on the thread running {@link #run()}. */
    interface Events {
        /** The handshake completed; the connection can send. */
        void opened(ServerConnection connection);

        /** One text frame from the server. */
        void text(ServerConnection connection, String text);
    }

    private final Events events;
    private final boolean insecure;
    private final int connectTimeoutMillis;
    private final Object socketLock = new Object();
    private Socket socket; // guarded by socketLock
    private boolean aborted; // guarded by socketLock
    private volatile boolean wasOpen;
    private volatile Exception failure;
    private volatile int closeCode;
    private volatile String closeReason;
    private volatile boolean closedByRemote;
    private volatile long startedNanos;

    ServerConnection(URI uri, Map<String, String> headers, SSLContext tls, boolean insecure,
                     int connectTimeoutMillis, Events events) {
        super(uri, new Draft_6455(), headers, connectTimeoutMillis);
        this.events = events;
        this.insecure = insecure;
        this.connectTimeoutMillis = connectTimeoutMillis;
        setSocketFactory(new TrackingSocketFactory(tls == null ? SocketFactory.getDefault() : tls.getSocketFactory()));
        // Java-WebSocket pings and drops the connection when pongs stop: our only way to notice
        // a server that vanished without closing TCP, which the reconnect logic relies on.
        setConnectionLostTimeout(30);
    }

    @Override
    public void run() {
        startedNanos = System.nanoTime();
        super.run();
    }

    @Override
    protected void onSetSSLParameters(SSLParameters params) {
        if (!insecure) {
            super.onSetSSLParameters(params); // verifies the host name against the certificate
        }
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
        wasOpen = true;
        try {
            // the timeout only guarded the handshakes; an idle signalling link is normal
            getSocket().setSoTimeout(0);
        } catch (IOException e) {
            // the connection is failing anyway; the read loop will report it
        }
        events.opened(this);
    }

    @Override
    public void onMessage(String text) {
        events.text(this, text);
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        this.closeCode = code;
        this.closeReason = reason;
        this.closedByRemote = remote;
    }

    @Override
    public void onError(Exception ex) {
        if (failure == null) {
            failure = ex;
        }
    }

    /** Whether the WebSocket handshake ever completed. */
    boolean wasOpen() {
        return wasOpen;
    }

    /** The first error seen (connect, TLS, read), or {@code null}. */
    Exception failure() {
        return failure;
    }

    /** How the connection ended, for logs and error messages. */
    String closeDescription() {
        if (failure != null) {
            return describe(failure);
        }
        if (!wasOpen) {
            // Java-WebSocket does not report plain read errors (such as our handshake read
            // timeout) through onError, so tell the timeout from the elapsed time
            long elapsedMillis = (System.nanoTime() - startedNanos) / 1_000_000L;
            if (elapsedMillis >= connectTimeoutMillis) {
                return "no WebSocket handshake reply within " + connectTimeoutMillis + " ms";
            }
            return "connection closed before the WebSocket handshake completed";
        }
        return "closed by " + (closedByRemote ? "server" : "us") + " (code " + closeCode
                + (closeReason == null || closeReason.isEmpty() ? "" : ", " + closeReason) + ")";
    }

    /**
     * Starts a graceful close when open (what was sent is flushed, then a Close frame goes
     * out); a connection still being set up is simply aborted.
     */
    void closeGracefully() {
        if (isOpen()) {
            close();
        } else {
            abort();
        }
    }

    /** Closes the socket now; whatever {@link #run()} is doing fails promptly. Idempotent. */
    void abort() {
        Socket s;
        synchronized (socketLock) {
            aborted = true;
            s = socket;
        }
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing is best effort
            }
        }
    }

    static String describe(Throwable e) {
        String msg = e.getMessage();
        return e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }

    /**
     * Remembers each socket it makes so {@link #abort()} can close it, gives it the connect
     * timeout as read timeout until the handshake is done, and refuses new sockets once the
     * connection was aborted (closing the race between stop() and a starting connect).
     */
    private final class TrackingSocketFactory extends SocketFactory {
        private final SocketFactory delegate;

        TrackingSocketFactory(SocketFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public Socket createSocket() throws IOException {
            Socket s = delegate.createSocket();
            s.setSoTimeout(connectTimeoutMillis);
            synchronized (socketLock) {
                socket = s;
                if (aborted) {
                    s.close(); // connect() on it fails at once
                }
            }
            return s;
        }

        // Java-WebSocket only uses createSocket(); the rest exist because SocketFactory demands them
        @Override
        public Socket createSocket(String host, int port) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            throw new UnsupportedOperationException();
        }
    }
}
