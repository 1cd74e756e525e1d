package dev.webrtcsink.signaller.websocket;

import dev.webrtcsink.api.SignallerException;
import java.security.cert.CertificateException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one {@code start()} of a {@link WebSocketSignaller} runs: a single I/O thread
 * that connects, reads until the connection ends, and reconnects with exponential back-off;
 * plus the outgoing queue. A stopped loop is finished; the next start makes a new one, so
 * nothing of an old run can leak into a new one.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #stop()} once (idempotent). {@code stop()} blocks
 * until the I/O thread and every thread Java-WebSocket started for it have ended.
 *
 * <p>Reconnecting: the first connection failing is fatal (reported as an error, as upstream
 * does), so a wrong URI or a missing server is noticed at once. An established connection that
 * is lost is retried: after {@code reconnectDelay}, doubling up to {@code reconnectMaxDelay},
 * until {@code reconnectAttempts} consecutive attempts failed (-1: forever). A certificate
 * problem is fatal at any time: retrying cannot fix it.
 */
final class ConnectionLoop {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLoop.class);

    /** Messages kept while not connected (upstream's bound). */
    static final int MAX_PENDING = 1000;
    /** Time a graceful close gets before the socket is simply closed. */
    private static final long CLOSE_GRACE_MILLIS = 1000;
    /** Prefix of the I/O thread names, for diagnosis and leak tests. */
    static final String THREAD_PREFIX = "webrtcsink-signaller-";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final ConnectSettings settings;
    private final GatedListener events;
    private final Consumer<String> clientIdChanged;
    private final ThreadGroup threads;
    private final Thread ioThread;

    private final Object lock = new Object();
    // all guarded by lock
    private boolean running;
    private final ArrayDeque<String> pending = new ArrayDeque<>();
    private ServerConnection connection; // the current one, open or not
    private ServerConnection openConnection; // set once setProtocolVersion went out on it
    private ClientProtocol protocol;
    private boolean reconnecting; // an established connection was lost and not yet replaced
    private int connections;
    private int failedAttempts;
    private String lastProblem;

    @SuppressWarnings("removal") // ThreadGroup.setDaemon: see below
    ConnectionLoop(ConnectSettings settings, GatedListener events, Consumer<String> clientIdChanged) {
        this.settings = settings;
        this.events = events;
        this.clientIdChanged = clientIdChanged;
        String name = THREAD_PREFIX + settings.role().wireName() + "-" + SEQUENCE.incrementAndGet();
        // Java-WebSocket creates its writer and ping-timer threads from the I/O thread, so they
        // land in this group, which is how stop() finds and joins them. A daemon group is
        // destroyed by the JVM once empty, so groups do not pile up across restarts.
        this.threads = new ThreadGroup(name);
        this.threads.setDaemon(true);
        this.ioThread = new Thread(threads, this::run, name);
        this.ioThread.setDaemon(true);
    }

    void start() {
        synchronized (lock) {
            running = true;
        }
        ioThread.start();
    }

    /** Queues or sends one message; {@code what} names it in logs. Never blocks on the network. */
    void send(String json, String what) {
        synchronized (lock) {
            if (!running) {
                LOG.info("signaller stopped, dropping {}", what);
                return;
            }
            if (openConnection != null) {
                try {
                    openConnection.send(json);
                } catch (WebsocketNotConnectedException e) {
                    // the connection is closing; its loss is handled (and reported) by the I/O thread
                    LOG.info("connection closing, dropping {}", what);
                }
                return;
            }
            if (reconnecting) {
                // every session of the lost connection was reported ended; the next server
                // would not know the session this message is about
                LOG.info("reconnecting to the signalling server, dropping {}", what);
                return;
            }
            if (pending.size() >= MAX_PENDING) {
                LOG.warn("not connected and {} messages queued, dropping {}", MAX_PENDING, what);
                return;
            }
            pending.add(json);
        }
    }

    /** The element ended a session: no need to report it ended if the connection drops. */
    void sessionEndedLocally(String sessionId) {
        ClientProtocol p;
        synchronized (lock) {
            p = protocol;
        }
        if (p != null) {
            p.sessionEndedLocally(sessionId);
        }
    }

    /**
     * Stops and waits: after this returns, the socket is closed, all threads have ended and
     * no listener call happens. When called from a listener callback (on the I/O thread) it
     * cannot wait for itself: it stops everything and returns; the thread ends right after.
     */
    void stop() {
        ServerConnection c;
        synchronized (lock) {
            if (!running && !ioThread.isAlive()) {
                return;
            }
            running = false;
            c = connection;
            if (!pending.isEmpty()) {
                LOG.info("signaller stopped, dropping {} queued messages", pending.size());
                pending.clear();
            }
            openConnection = null;
            lock.notifyAll(); // wakes a back-off wait
        }
        events.close();
        if (c != null) {
            c.closeGracefully();
        }
        if (Thread.currentThread() == ioThread) {
            return;
        }
        boolean interrupted = false;
        try {
            ioThread.join(CLOSE_GRACE_MILLIS);
            if (ioThread.isAlive() && c != null) {
                LOG.debug("server did not answer our close in time, closing the socket");
                c.abort();
            }
            ioThread.join();
        } catch (InterruptedException e) {
            interrupted = true;
            if (c != null) {
                c.abort();
            }
        }
        joinHelperThreads();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The I/O thread: connect, read, reconnect. */
    private void run() {
        SSLContext tls = null;
        if (settings.secure()) {
            try {
                tls = TlsTrust.context(settings.cafile(), settings.insecureTls());
            } catch (Exception e) {
                events.error(new SignallerException("Error receiving: cannot set up TLS with cafile "
                        + settings.cafile() + ": " + ServerConnection.describe(e), e));
                return;
            }
        }
        boolean everOpen = false;
        long delay = settings.reconnectDelayMillis();
        while (true) {
            ClientProtocol p = new ClientProtocol(settings, json -> send(json, "reply"), events,
                    id -> events.deliver("client-id", () -> clientIdChanged.accept(id)));
            ServerConnection c = new ServerConnection(settings.uri(), settings.headers(), tls,
                    settings.insecureTls(), settings.connectTimeoutMillis(), new ConnectionEvents(p));
            c.setDaemon(true);
            synchronized (lock) {
                if (!running) {
                    return;
                }
                connection = c;
                protocol = p;
                connections++;
            }
            LOG.debug("connecting to {}", settings.uri());
            c.run(); // returns when the connection is over
            synchronized (lock) {
                connection = null;
                openConnection = null;
                // queued messages belong to sessions the server forgot with the connection
                pending.clear();
                reconnecting = reconnecting || c.wasOpen();
            }
            joinHelperThreads();
            if (!isRunning()) {
                return; // stop() ended it: quiet
            }
            String why = c.closeDescription();
            synchronized (lock) {
                lastProblem = why;
            }
            if (c.wasOpen()) {
                everOpen = true;
                delay = settings.reconnectDelayMillis();
                synchronized (lock) {
                    failedAttempts = 0;
                }
                LOG.warn("lost connection to {}: {}", settings.uri(), why);
                p.connectionLost(why);
                if (settings.reconnectAttempts() == 0) {
                    events.error(new SignallerException("Connection to signalling server lost: " + why));
                    return;
                }
            } else if (!everOpen || isCertificateProblem(c.failure())) {
                events.error(new SignallerException("Error receiving: " + explain(why, c.failure()), c.failure()));
                return;
            } else {
                int failed;
                synchronized (lock) {
                    failed = ++failedAttempts;
                }
                LOG.info("reconnect attempt {} to {} failed: {}", failed, settings.uri(), why);
                if (settings.reconnectAttempts() > 0 && failed >= settings.reconnectAttempts()) {
                    events.error(new SignallerException("Connection to signalling server lost, gave up after "
                            + failed + " reconnect attempts: " + why));
                    return;
                }
            }
            if (!sleep(delay)) {
                return;
            }
            delay = Math.min(delay * 2, settings.reconnectMaxDelayMillis());
        }
    }

    private boolean isRunning() {
        synchronized (lock) {
            return running;
        }
    }

    /** Waits unless stopped meanwhile; returns whether still running. */
    private boolean sleep(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        synchronized (lock) {
            while (running) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return true;
                }
                try {
                    lock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }
    }

    private static boolean isCertificateProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException || t instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    private String explain(String why, Throwable failure) {
        if (isCertificateProblem(failure)) {
            return "TLS certificate verification failed for " + settings.uri() + " (" + why + "): the"
                    + " certificate must be issued for that host by a CA in the system trust store or in"
                    + " the cafile property" + (settings.cafile() == null ? " (not set)" : " (" + settings.cafile() + ")")
                    + "; insecure-tls=true skips verification";
        }
        return "cannot connect to " + settings.uri() + ": " + why;
    }

    /** Joins the writer and timer threads Java-WebSocket started for finished connections. */
    private void joinHelperThreads() {
        Thread self = Thread.currentThread();
        for (int round = 0; round < 10; round++) {
            Thread[] found = new Thread[threads.activeCount() + 4];
            int n = threads.enumerate(found);
            List<Thread> others = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (found[i] != self && found[i] != ioThread) {
                    others.add(found[i]);
                }
            }
            if (others.isEmpty()) {
                return;
            }
            for (Thread t : others) {
                try {
                    t.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (t.isAlive()) {
                    LOG.warn("thread {} did not end; interrupting it", t.getName());
                    t.interrupt();
                }
            }
        }
    }

    String dump() {
        synchronized (lock) {
            ClientProtocol p = protocol;
            return "running=" + running + ", uri=" + settings.uri() + ", role=" + settings.role().wireName()
                    + ", connected=" + (openConnection != null) + ", reconnecting=" + reconnecting
                    + ", connections=" + connections
                    + ", failedAttempts=" + failedAttempts + ", pending=" + pending.size()
                    + (lastProblem == null ? "" : ", lastProblem=" + lastProblem)
                    + (p == null ? "" : ", " + p.dump()) + ", ioThread=" + ioThread.getName()
                    + (ioThread.isAlive() ? " (alive)" : " (ended)");
        }
    }

    /** Connection callbacks, all on the I/O thread. */
    private final class ConnectionEvents implements ServerConnection.Events {
        private final ClientProtocol protocol;

        ConnectionEvents(ClientProtocol protocol) {
            this.protocol = protocol;
        }

        @Override
        public void opened(ServerConnection c) {
            synchronized (lock) {
                if (!running) {
                    return;
                }
                try {
                    // the protocol version must be the very first message; queued ones follow in order
                    c.send(Wire.setProtocolVersion());
                    for (String json : pending) {
                        c.send(json);
                    }
                } catch (WebsocketNotConnectedException e) {
                    LOG.info("connection closed while opening; {} queued messages dropped", pending.size());
                    pending.clear();
                    return;
                }
                pending.clear();
                openConnection = c;
                reconnecting = false;
            }
            protocol.opened();
        }

        @Override
        public void text(ServerConnection c, String text) {
            protocol.received(text);
        }
    }
}
