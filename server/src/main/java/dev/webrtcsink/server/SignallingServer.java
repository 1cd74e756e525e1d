package dev.webrtcsink.server;

import dev.webrtcsink.server.core.CoreStats;
import dev.webrtcsink.server.core.Outbox;
import dev.webrtcsink.server.core.SignallingCore;
import dev.webrtcsink.server.transport.EventLoop;
import dev.webrtcsink.server.transport.PemTls;
import dev.webrtcsink.server.transport.TokenVerifier;
import dev.webrtcsink.server.transport.TransportLimits;
import dev.webrtcsink.server.transport.WebSocketTransport;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signalling server, embeddable: a WebSocket transport in front of one
 * {@link SignallingCore} running on a single event loop thread.
 *
 * <pre>{@code
 * SignallingServer server = SignallingServer.builder()
 *         .host("127.0.0.1").port(0)
 *         .tls(Path.of("cert.pem"), Path.of("key.pem"))
 *         .build()
 *         .start();
 * int port = server.port();   // the real port when 0 was asked for
 * ...
 * server.stop();              // closes every socket and ends every thread it started
 * }</pre>
 *
 * <p>Lifecycle: {@link #start()} once (it binds synchronously and throws
 * {@link SignallingServerException} when it cannot listen, when TLS cannot be set up — never a
 * silent fall-back to plain ws — or when there is no core); {@link #stop()} any number of
 * times, from any thread. Threads started: the library's selector and one worker per CPU,
 * {@value EventLoop#THREAD_NAME}, one TLS task thread with TLS, one HTTP dispatcher with
 * metrics.
 */
public final class SignallingServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SignallingServer.class);

    /** The core used unless {@link Builder#core} says otherwise; loaded reflectively. */
    public static final String DEFAULT_CORE_CLASS = "dev.webrtcsink.server.core.DefaultSignallingCore";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration LOOP_ANSWER_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

    private enum State { NEW, RUNNING, STOPPED }

    private final String host;
    private final int requestedPort;
    private final Path certificate;
    private final Path privateKey;
    private final Map<String, String> responseHeaders;
    private final TokenVerifier tokenVerifier;
    private final TransportLimits limits;
    private final String metricsHost;
    private final int metricsPort;
    private final Function<Outbox, SignallingCore> coreFactory;

    private State state = State.NEW;
    private EventLoop loop;
    private WebSocketTransport transport;
    private SignallingCore core;
    private ScheduledFuture<?> sweep;
    private MetricsEndpoint metrics;
    private int boundPort = -1;
    private long startedNanos;
    private volatile CoreStats lastCoreStats = ServerStats.NO_CORE_STATS;
    private volatile ServerStats finalStats;

    private SignallingServer(Builder b) {
        this.host = b.host;
        this.requestedPort = b.port;
        this.certificate = b.certificate;
        this.privateKey = b.privateKey;
        this.responseHeaders = Map.copyOf(b.headers);
        this.tokenVerifier = b.tokenVerifier;
        this.limits = b.limits;
        this.metricsHost = b.metricsHost;
        this.metricsPort = b.metricsPort;
        this.coreFactory = b.coreFactory;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds, starts the threads and returns {@code this}; throws {@link SignallingServerException}. */
    public synchronized SignallingServer start() {
        if (state != State.NEW) {
            throw new IllegalStateException("a SignallingServer starts once; this one is " + state);
        }
        state = State.STOPPED; // until fully started: a failed start leaves nothing to stop
        SSLContext tls = certificate == null ? null : loadTls();
        ServerSocketChannel channel = bind();
        loop = new EventLoop(limits.inboundQueueCapacity());
        try {
            transport = new WebSocketTransport(channel, tls, responseHeaders, tokenVerifier, limits, loop);
            core = createCore(transport);
            transport.attach(core);
            transport.startAndAwait(START_TIMEOUT);
            boundPort = transport.getPort();
            sweep = loop.every(transport.sweepPeriod(), transport::sweep);
            if (metricsPort >= 0) {
                metrics = MetricsEndpoint.start(metricsHost, metricsPort, this::stats);
            }
        } catch (IOException | RuntimeException e) {
            shutDown();
            closeQuietly(channel);
            if (e instanceof SignallingServerException sse) {
                throw sse;
            }
            throw new SignallingServerException("signalling server failed to start: " + e.getMessage(), e);
        }
        startedNanos = System.nanoTime();
        state = State.RUNNING;
        LOG.info("signalling server listening on {}{}{}", uri(), tokenVerifier == null ? "" : " (authenticated)",
                metrics == null ? "" : ", metrics on http://" + metricsHost + ":" + metrics.port() + "/metrics");
        return this;
    }

    /** Closes every connection (peers get a Close frame and a second to answer) and ends every thread. */
    public void stop() {
        synchronized (this) {
            if (state != State.RUNNING) {
                state = State.STOPPED;
                return;
            }
            state = State.STOPPED;
        }
        ServerStats last = shutDown();
        finalStats = last;
        LOG.info("signalling server on port {} stopped", boundPort);
    }

    @Override
    public void close() {
        stop();
    }

    /** The port listened on: the actual one when 0 was requested (after {@link #start()}). */
    public synchronized int port() {
        return boundPort >= 0 ? boundPort : requestedPort;
    }

    /** The metrics port, or -1 when metrics are off or the server is not running. */
    public synchronized int metricsPort() {
        return metrics == null ? -1 : metrics.port();
    }

    /** Where clients connect, e.g. {@code wss://127.0.0.1:8443}; wildcard hosts map to loopback. */
    public String uri() {
        String clientHost = switch (host) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::", "[::]" -> "[::1]";
            default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        };
        return (certificate != null ? "wss" : "ws") + "://" + clientHost + ":" + port();
    }

    public synchronized boolean isRunning() {
        return state == State.RUNNING;
    }

    /** Current counters; after {@link #stop()} the final ones. */
    public ServerStats stats() {
        WebSocketTransport runningTransport;
        long started;
        synchronized (this) {
            if (state != State.RUNNING) {
                return finalStats != null ? finalStats : ServerStats.NOT_STARTED;
            }
            runningTransport = transport;
            started = startedNanos;
        }
        boolean responsive = true;
        CoreStats coreStats;
        try {
            coreStats = loop.call(core::stats, LOOP_ANSWER_TIMEOUT);
            lastCoreStats = coreStats;
        } catch (TimeoutException | ExecutionException e) {
            responsive = false;
            coreStats = lastCoreStats;
        }
        return new ServerStats(coreStats, runningTransport.stats(), responsive,
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    /** Human-readable state: configuration, connections, and the core's own dump. */
    public String dump() {
        StringBuilder out = new StringBuilder();
        synchronized (this) {
            out.append("SignallingServer ").append(uri()).append(" state=").append(state)
                    .append(" auth=").append(tokenVerifier == null ? "off" : "on")
                    .append(" metrics=").append(metrics == null ? "off" : metricsHost + ":" + metrics.port())
                    .append('\n').append("  ").append(limits).append('\n');
            if (state != State.RUNNING) {
                return out.toString();
            }
            out.append(transport.dump());
        }
        try {
            out.append("core:\n").append(loop.call(core::dump, LOOP_ANSWER_TIMEOUT)).append('\n');
        } catch (TimeoutException | ExecutionException e) {
            out.append("core: event loop did not answer within ").append(LOOP_ANSWER_TIMEOUT).append('\n');
        }
        return out.toString();
    }

    // ------------------------------------------------------------------------------- internals

    private SSLContext loadTls() {
        try {
            return PemTls.serverContext(certificate, privateKey);
        } catch (PemTls.TlsSetupException e) {
            throw new SignallingServerException("TLS set-up failed: " + e.getMessage(), e);
        }
    }

    private ServerSocketChannel bind() {
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(host, requestedPort), 128);
            return channel;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw new SignallingServerException("cannot listen on " + host + ":" + requestedPort + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    private SignallingCore createCore(Outbox outbox) {
        try {
            SignallingCore created = loop.call(() -> coreFactory.apply(outbox), START_TIMEOUT);
            return Objects.requireNonNull(created, "the core factory returned null");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SignallingServerException sse) {
                throw sse;
            }
            throw new SignallingServerException("cannot create the signalling core: " + cause, cause);
        } catch (TimeoutException e) {
            throw new SignallingServerException("the signalling core was not created within " + START_TIMEOUT, e);
        }
    }

    /** Stops what exists, in dependency order; returns the last stats (core stats read before the loop ends). */
    private ServerStats shutDown() {
        if (metrics != null) {
            metrics.stop();
            metrics = null;
        }
        if (sweep != null) {
            sweep.cancel(false);
        }
        if (transport != null) {
            try {
                transport.shutdown(CLOSE_GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ServerStats last = ServerStats.NOT_STARTED;
        if (loop != null) {
            CoreStats coreStats = lastCoreStats;
            if (core != null) {
                try {
                    // queued behind the last disconnect notifications, so it sees them
                    coreStats = loop.call(core::stats, LOOP_ANSWER_TIMEOUT);
                } catch (TimeoutException | ExecutionException e) {
                    LOG.warn("could not read the core's final stats: {}", e.toString());
                }
            }
            if (transport != null) {
                last = new ServerStats(coreStats, transport.stats(), true,
                        startedNanos == 0 ? 0 : Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds());
            }
            loop.stop(Duration.ofSeconds(5));
        }
        return last;
    }

    private static void closeQuietly(ServerSocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to do: the channel is being discarded
            }
        }
    }

    /** Loads {@value #DEFAULT_CORE_CLASS} through its public {@code (Outbox)} constructor. */
    static SignallingCore defaultCore(Outbox outbox) {
        Class<?> type;
        try {
            type = Class.forName(DEFAULT_CORE_CLASS);
        } catch (ClassNotFoundException e) {
            throw new SignallingServerException("no signalling core: " + DEFAULT_CORE_CLASS
                    + " is not on the class path; pass one with SignallingServer.builder().core(...)", e);
        }
        try {
            return (SignallingCore) type.getConstructor(Outbox.class).newInstance(outbox);
        } catch (NoSuchMethodException e) {
            throw new SignallingServerException(DEFAULT_CORE_CLASS + " needs a public constructor taking an Outbox", e);
        } catch (InvocationTargetException e) {
            throw new SignallingServerException("cannot create " + DEFAULT_CORE_CLASS + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new SignallingServerException("cannot create " + DEFAULT_CORE_CLASS + ": " + e, e);
        }
    }

    // ------------------------------------------------------------------------------- builder

    /** Configuration; every setting has the upstream default. */
    public static final class Builder {
        /** Headers the WebSocket handshake itself owns. */
        private static final Set<String> RESERVED_HEADERS = Set.of("upgrade", "connection", "sec-websocket-accept",
                "sec-websocket-protocol", "sec-websocket-extensions", "content-length", "transfer-encoding");

        private String host = "0.0.0.0";
        private int port = 8443;
        private Path certificate;
        private Path privateKey;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private TokenVerifier tokenVerifier;
        private TransportLimits limits = TransportLimits.DEFAULTS;
        private String metricsHost = "127.0.0.1";
        private int metricsPort = -1;
        private Function<Outbox, SignallingCore> coreFactory = SignallingServer::defaultCore;

        private Builder() {}

        /** Address to bind; default {@code 0.0.0.0}. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** TCP port; default 8443; 0 picks a free one (see {@link SignallingServer#port()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** Serve {@code wss://} with this PEM certificate chain and PEM private key. */
        public Builder tls(Path certificateChain, Path privateKey) {
            if ((certificateChain == null) != (privateKey == null)) {
                throw new IllegalArgumentException("TLS needs both a certificate and a private key");
            }
            this.certificate = certificateChain;
            this.privateKey = privateKey;
            return this;
        }

        /** Adds headers to every handshake response (upstream's {@code signalling-server-headers}). */
        public Builder headers(Map<String, String> responseHeaders) {
            responseHeaders.forEach(this::header);
            return this;
        }

        /** Adds one handshake response header; throws on a name or value HTTP cannot carry. */
        public Builder header(String name, String value) {
            String problem = headerProblem(name, value);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            headers.put(name, value);
            return this;
        }

        /** Why {@code name: value} cannot be a response header, or null if it can. */
        public static String headerProblem(String name, String value) {
            if (name == null || name.isEmpty() || !name.chars().allMatch(Builder::isTokenChar)) {
                return "invalid HTTP header name '" + name + "'";
            }
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                return "header '" + name + "' belongs to the WebSocket handshake and cannot be set";
            }
            if (value == null || !value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c != 0x7f && c < 0x100))) {
                return "invalid value for HTTP header '" + name + "'";
            }
            return null;
        }

        private static boolean isTokenChar(int c) {
            return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
        }

        /** Require a token on the upgrade; null (the default) leaves the server open. */
        public Builder auth(TokenVerifier verifier) {
            this.tokenVerifier = verifier;
            return this;
        }

        /** All transport limits at once. */
        public Builder limits(TransportLimits transportLimits) {
            this.limits = Objects.requireNonNull(transportLimits, "limits");
            return this;
        }

        public Builder maxFrameBytes(int bytes) {
            TransportLimits l = limits;
            return limits(new TransportLimits(bytes, l.messagesPerSecond(), l.messageBurst(), l.sendQueueMessages(),
                    l.sendQueueBytes(), l.sendStallTimeout(), l.pingAfterIdle(), l.pongTimeout(),
                    l.handshakeTimeout(), l.inboundQueueCapacity()));
        }

        /** Inbound token bucket per connection; {@code perSecond} 0 turns it off. */
        public Builder rateLimit(double perSecond, int burst) {
            TransportLimits l = limits;
            return limits(new TransportLimits(l.maxFrameBytes(), perSecond, burst, l.sendQueueMessages(),
                    l.sendQueueBytes(), l.sendStallTimeout(), l.pingAfterIdle(), l.pongTimeout(),
                    l.handshakeTimeout(), l.inboundQueueCapacity()));
        }

        /** Bounds of each peer's outgoing queue, and how long it may stall. */
        public Builder sendQueue(int messages, long bytes, Duration stallTimeout) {
            TransportLimits l = limits;
            return limits(new TransportLimits(l.maxFrameBytes(), l.messagesPerSecond(), l.messageBurst(), messages,
                    bytes, stallTimeout, l.pingAfterIdle(), l.pongTimeout(), l.handshakeTimeout(),
                    l.inboundQueueCapacity()));
        }

        /** Ping after {@code pingAfterIdle} of silence; drop the peer if no pong within {@code pongTimeout}. */
        public Builder keepalive(Duration pingAfterIdle, Duration pongTimeout) {
            TransportLimits l = limits;
            return limits(new TransportLimits(l.maxFrameBytes(), l.messagesPerSecond(), l.messageBurst(),
                    l.sendQueueMessages(), l.sendQueueBytes(), l.sendStallTimeout(), pingAfterIdle, pongTimeout,
                    l.handshakeTimeout(), l.inboundQueueCapacity()));
        }

        /** Serve {@code /health} and {@code /metrics} on {@code host:port}; port -1 (default) is off. */
        public Builder metrics(String host, int port) {
            if (port < -1 || port > 65535) {
                throw new IllegalArgumentException("metrics port must be -1 (off) or 0..65535, got " + port);
            }
            this.metricsHost = Objects.requireNonNull(host, "metrics host");
            this.metricsPort = port;
            return this;
        }

        /** The signalling core to run; default {@value SignallingServer#DEFAULT_CORE_CLASS}. */
        public Builder core(Function<Outbox, SignallingCore> factory) {
            this.coreFactory = Objects.requireNonNull(factory, "core factory");
            return this;
        }

        public SignallingServer build() {
            return new SignallingServer(this);
        }
    }
}
