package dev.webrtcsink.engine.src;

import com.sun.jna.Pointer;
import dev.webrtcsink.api.IceCandidate;
import dev.webrtcsink.api.Meta;
import dev.webrtcsink.api.Role;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.api.Signaller;
import dev.webrtcsink.api.SignallerException;
import dev.webrtcsink.api.SignallerFactory;
import dev.webrtcsink.api.SignallerListener;
import dev.webrtcsink.api.Structures;
import dev.webrtcsink.engine.element.ErrorDomain;
import dev.webrtcsink.engine.element.Instance;
import dev.webrtcsink.engine.element.JavaElement;
import dev.webrtcsink.engine.element.StateChange;
import dev.webrtcsink.engine.natives.GObjectLib;
import dev.webrtcsink.engine.natives.GstLib;
import dev.webrtcsink.engine.natives.NativeSupport;
import dev.webrtcsink.engine.signalling.SignallerObject;
import dev.webrtcsink.engine.signalling.SignallerObjectTypes;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.StateChangeReturn;
import org.freedesktop.gstreamer.glib.Natives;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code webrtcsrc} element (and its variants, one per signaller factory): a GstBin that receives WebRTC
 * sessions from producers found through its signaller and exposes a source pad per received stream (spec
 * webrtcsrc.md). The WebRTC work is in {@link ReceiveSession}; this class holds the properties, the signaller, the
 * control thread, the live sessions ({@link SessionTable}) and the state changes.
 *
 * <p>Sessions: with a producer id or {@code connect-to-first-producer} the element holds one session, as upstream,
 * and refuses a second. Otherwise it holds as many as the signaller starts (the default signaller then starts one
 * with every producer: our extension), every signaller event routed by session id; the first producer's pads are
 * {@code video_0}/{@code audio_0}, a second's {@code video_1}/{@code audio_1}, a freed index is reused. With the
 * default signaller taking every producer, a failure of one session is a warning, not an error: the others go on.
 *
 * <p>Threads: one control thread per element (made at NULL→READY, ended at READY→NULL) runs every signaller event
 * and every negotiation step in order; the signaller's and webrtcbin's threads only enqueue onto it. State changes
 * wait for it with a bound.
 *
 * <p>Lifecycle: PAUSED→PLAYING starts the signaller; PAUSED→READY ends every session (telling the producers) and
 * stops the signaller; READY→PAUSED and PLAYING→PAUSED return NO_PREROLL (live source). A session ended by its
 * producer, by ICE failure or by an error ends its own exposed streams with EOS, then removes their pads; other
 * sessions keep flowing.
 */
public final class WebRTCSrcElement extends JavaElement {
    private static final Logger LOG = LoggerFactory.getLogger(WebRTCSrcElement.class);
    static final String SCHEME = "gstwebrtc";
    static final String SCHEME_TLS = "gstwebrtcs";
    /** GstElementFlags SINK and SOURCE (GST_OBJECT_FLAG_LAST << 1, << 2). */
    private static final int FLAG_SINK = 1 << 5;
    private static final int FLAG_SOURCE = 1 << 6;
    /** GstObject.flags: after GInitiallyUnowned (24), the lock (8), name and parent pointers, on LP64. */
    private static final int GST_OBJECT_FLAGS_OFFSET = 48;
    private static final long CONTROL_WAIT_SECONDS = 20;
    private static final AtomicInteger CONTROL_THREADS = new AtomicInteger();

    private final SignallerFactory factory;
    /** Our reference to the signaller GObject (ChildProxy child and {@code signaller} property). */
    private volatile Pointer signallerObject;
    private volatile ExecutorService control;
    /** Changed on the control thread only (read anywhere for {@link #dump()}). */
    private final SessionTable sessions = new SessionTable();
    private volatile boolean signallerStarted;
    private volatile boolean finalized;

    WebRTCSrcElement(Instance instance, SignallerFactory factory) {
        super(instance);
        this.factory = factory;
        markAsSource();
        signallerObject = SignallerObject.wrap(factory, factory.create(Role.CONSUMER)).pointer();
    }

    /**
     * Spec §1: a source whatever its children are. webrtcbin holds ICE sinks and sources; without suppressing their
     * flags the bin would count as a sink, and the pipeline would wait for an EOS from it that never comes.
     */
    private void markAsSource() {
        GstLib.LIB.gst_bin_set_suppressed_flags(pointer(), FLAG_SINK | FLAG_SOURCE);
        // nobody else can see the instance yet, so no lock is needed
        pointer().setInt(GST_OBJECT_FLAGS_OFFSET, pointer().getInt(GST_OBJECT_FLAGS_OFFSET) | FLAG_SOURCE);
    }

    /** The current signaller's GObject. */
    public SignallerObject signallerObject() {
        return SignallerObject.of(signallerObject);
    }

    Signaller signaller() {
        return signallerObject().signaller();
    }

    // ------------------------------------------------------------------ properties

    @Override
    protected Object propertyValue(String property, Object stored) {
        return switch (property) {
            case SrcProperties.SIGNALLER -> signallerObject;
            case SrcProperties.CONNECT_TO_FIRST_PRODUCER -> signallerHas(property)
                    ? Boolean.TRUE.equals(signaller().get(property)) : stored;
            default -> stored;
        };
    }

    @Override
    protected void propertyChanged(String property, Object value) {
        switch (property) {
            case SrcProperties.SIGNALLER -> replaceSignaller((Pointer) value);
            case SrcProperties.CONNECT_TO_FIRST_PRODUCER -> {
                if (signallerHas(property)) {
                    signaller().set(property, value);
                } else {
                    LOG.warn("{}: the {} signaller has no '{}'", name(), factory.name(), property);
                }
            }
            case SrcProperties.ENABLE_CONTROL_DATA_CHANNEL, SrcProperties.ENABLE_DATA_CHANNEL_NAVIGATION -> {
                if (Boolean.TRUE.equals(value)) {
                    LOG.warn("{}: {} is accepted but not implemented yet: navigation events are not forwarded",
                            name(), property);
                }
            }
            default -> { }
        }
    }

    private boolean signallerHas(String property) {
        return signallerObject().propertyNames().contains(property);
    }

    private void replaceSignaller(Pointer value) {
        SignallerObject replacement = value == null ? null : SignallerObject.of(value);
        if (replacement == null) {
            LOG.error("{}: 'signaller' must be a signaller object of this SDK; keeping the current one", name());
            return;
        }
        Pointer old = signallerObject;
        signallerObject = GObjectLib.LIB.g_object_ref(replacement.pointer());
        if (old != null) {
            GObjectLib.LIB.g_object_unref(old);
        }
    }

    @Override
    protected Pointer childByName(String name) {
        return SrcProperties.SIGNALLER.equals(name) ? signallerObject : null;
    }

    // ------------------------------------------------------------------ URI handler (spec §2.3)

    /** The signaller's {@code uri} (a ws:// or wss:// URL, as upstream returns it). */
    @Override
    protected String uri() {
        Object uri = signallerHas("uri") ? signaller().get("uri") : null;
        return uri == null ? null : uri.toString();
    }

    /** {@code gstwebrtc://host:port/path?peer-id=X} → signaller {@code uri} = {@code ws://host:port/path?peer-id=X}. */
    @Override
    protected void setUri(String uri) {
        String lower = uri == null ? "" : uri.toLowerCase(Locale.ROOT);
        String replaced;
        if (lower.startsWith(SCHEME_TLS + ":")) {
            replaced = "wss" + uri.substring(SCHEME_TLS.length());
        } else if (lower.startsWith(SCHEME + ":")) {
            replaced = "ws" + uri.substring(SCHEME.length());
        } else {
            int colon = uri == null ? -1 : uri.indexOf(':');
            throw new IllegalArgumentException("Invalid protocol: " + (colon < 0 ? uri : uri.substring(0, colon)));
        }
        if (!signallerHas("uri")) {
            throw new IllegalArgumentException("the " + factory.name() + " signaller has no uri");
        }
        signaller().set("uri", replaced); // the signaller reads peer-id / connect-to-first-producer from the query
        // our extension: ?stun-server= (empty: none), since a URI user cannot reach element properties
        String stun = queryParameter(replaced, SrcProperties.STUN_SERVER);
        if (stun != null) {
            set(SrcProperties.STUN_SERVER, stun.isEmpty() ? null : stun);
        }
    }

    /** The decoded value of one query parameter, "" when present without a value, null when absent. */
    private static String queryParameter(String uri, String name) {
        String query = URI.create(uri).getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ signal

    /** Emits {@code request-encoded-filter}; returns the element to insert (we own a reference) or null. */
    Element requestEncodedFilter(String producerId, String padName, Caps allowed) {
        return adoptEmittedElement(emit(SrcProperties.REQUEST_ENCODED_FILTER, producerId, padName,
                allowed == null ? null : Natives.getRawPointer(allowed)));
    }

    /** Spec §8.4: the signaller's producer-peer-id when it has one, else the session's peer. */
    String producerIdForFilters(String sessionPeerId) {
        if (signallerHas("producer-peer-id")) {
            Object id = signaller().get("producer-peer-id");
            if (id != null) {
                return id.toString();
            }
        }
        return sessionPeerId;
    }

    // ------------------------------------------------------------------ state changes (spec §4)

    @Override
    protected StateChangeReturn changeState(StateChange transition) {
        if (transition.equals(StateChange.NULL_TO_READY)) {
            startControlThread();
        }
        if (transition.equals(StateChange.PAUSED_TO_READY)) {
            // before the children stop: the sessions leave with their bins, then the signaller goes quiet
            String failure = onControlThreadAndWait("unprepare", () -> {
                endAllSessions(false);
                stopSignaller();
            });
            if (failure != null) {
                postError(ErrorDomain.CORE, ErrorDomain.FAILED, "Failed to unprepare", failure + "\n" + dump());
            }
        }
        StateChangeReturn ret = super.changeState(transition);
        if (ret == StateChangeReturn.FAILURE) {
            return ret;
        }
        if (transition.equals(StateChange.PAUSED_TO_PLAYING)) {
            runOnControlThread(this::startSignaller);
        }
        if (transition.equals(StateChange.READY_TO_NULL)) {
            stopControlThread();
        }
        if (transition.equals(StateChange.READY_TO_PAUSED) || transition.equals(StateChange.PLAYING_TO_PAUSED)) {
            return StateChangeReturn.NO_PREROLL; // live: nothing to preroll
        }
        return ret;
    }

    private synchronized void startControlThread() {
        if (control == null) {
            String threadName = "webrtcsrc-control-" + CONTROL_THREADS.incrementAndGet();
            control = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
            });
        }
    }

    private synchronized void stopControlThread() {
        ExecutorService c = control;
        control = null;
        if (c != null) {
            c.shutdown();
            try {
                if (!c.awaitTermination(CONTROL_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    LOG.error("{}: control thread still busy after {} s\n{}", name(), CONTROL_WAIT_SECONDS, dump());
                    c.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Queues work for the control thread; dropped (logged) when the element is not running. */
    void runOnControlThread(Runnable task) {
        ExecutorService c = control;
        if (c == null) {
            LOG.debug("{}: no control thread (NULL state), event dropped", name());
            return;
        }
        try {
            c.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("{}: control task failed", name(), e);
                    postError("Internal error: " + e, stackTrace(e));
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: control thread stopping, event dropped", name());
        }
    }

    /** Runs on the control thread and waits; returns null or why it failed. */
    private String onControlThreadAndWait(String what, Runnable task) {
        ExecutorService c = control;
        if (c == null) {
            task.run();
            return null;
        }
        try {
            Future<?> f = c.submit(task);
            f.get(CONTROL_WAIT_SECONDS, TimeUnit.SECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return what + " failed: " + e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            return what + " did not finish within " + CONTROL_WAIT_SECONDS + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return what + " interrupted";
        } catch (RejectedExecutionException e) {
            return what + " rejected: control thread stopped";
        }
    }

    // ------------------------------------------------------------------ signaller (control thread)

    private void startSignaller() {
        if (!signallerStarted) {
            signallerStarted = true;
            signaller().start(new SignallerEvents(signaller()));
        }
    }

    private void stopSignaller() {
        if (signallerStarted) {
            signallerStarted = false;
            signaller().stop();
        }
    }

    /** Every signaller event hops onto the control thread; events of a replaced or stopped signaller are ignored. */
    private final class SignallerEvents implements SignallerListener {
        private final Signaller source;

        SignallerEvents(Signaller source) {
            this.source = source;
        }

        private void later(Runnable task) {
            runOnControlThread(() -> {
                if (signallerStarted && source == signaller()) {
                    task.run();
                }
            });
        }

        @Override
        public void sessionStarted(String sessionId, String peerId) {
            later(() -> openSession(sessionId, peerId));
        }

        @Override
        public void sessionRequested(String sessionId, String peerId, SessionDescription offer) {
            if (offer != null) {
                LOG.debug("{}: session-requested with an offer ignored (offers arrive as session descriptions)", name());
                return;
            }
            later(() -> {
                ReceiveSession existing = sessions.get(sessionId);
                ReceiveSession s = existing != null ? existing : openSession(sessionId, peerId);
                if (s != null) {
                    negotiate(s, "make an offer", s::makeOffer);
                }
            });
        }

        @Override
        public void sessionDescription(String sessionId, SessionDescription description) {
            later(() -> {
                ReceiveSession s = live(sessionId);
                if (s == null) {
                    return;
                }
                switch (description.type()) {
                    case OFFER -> negotiate(s, "handle the producer's offer", () -> s.handleOffer(description.sdp()));
                    case ANSWER -> negotiate(s, "handle the producer's answer", () -> s.handleAnswer(description.sdp()));
                    default -> LOG.warn("{}: {} descriptions are not supported, ignored", name(), description.type());
                }
            });
        }

        @Override
        public void iceCandidate(String sessionId, IceCandidate candidate) {
            later(() -> {
                ReceiveSession s = live(sessionId);
                if (s != null) {
                    s.addRemoteCandidate(candidate);
                }
            });
        }

        @Override
        public void sessionEnded(String sessionId, String error) {
            later(() -> {
                ReceiveSession s = live(sessionId);
                if (s == null) {
                    return;
                }
                LOG.info("{}: session {} ended by the remote side{}", name(), sessionId,
                        error == null ? "" : ": " + error);
                endSession(s, true, false);
                if (error != null) {
                    postSessionFailure("Session ended with error: " + error, null);
                }
            });
        }

        @Override
        public void producerAdded(String producerId, Meta meta, boolean newConnection) {
            LOG.debug("{}: producer {} available ({})", name(), producerId, meta);
        }

        @Override
        public void producerRemoved(String producerId, Meta meta) {
            LOG.debug("{}: producer {} gone", name(), producerId);
        }

        @Override
        public Meta requestMeta() {
            return metaFromProperty();
        }

        @Override
        public void error(SignallerException error) {
            later(() -> postError(ErrorDomain.RESOURCE, ErrorDomain.FAILED, "Signalling error: " + error.getMessage(),
                    dump()));
        }

        @Override
        public void shutdown() {
            later(() -> endAllSessions(true));
        }
    }

    private ReceiveSession live(String sessionId) {
        ReceiveSession s = sessions.get(sessionId);
        if (s == null && sessions.endedRecently(sessionId)) {
            LOG.debug("{}: late event for ended session {} dropped", name(), sessionId);
        } else if (s == null) {
            LOG.warn("{}: event for unknown session {} ({})", name(), sessionId, sessions.dump());
        }
        return s;
    }

    /**
     * Spec §5: upstream's webrtcsrc has at most one session; so do we when the signaller was given a producer. Without
     * one, the default signaller asks every producer (our extension), so one session per producer.
     */
    private boolean singleSession() {
        return signallerHas("producer-peer-id") && signaller().get("producer-peer-id") != null
                || signallerHas(SrcProperties.CONNECT_TO_FIRST_PRODUCER)
                && Boolean.TRUE.equals(signaller().get(SrcProperties.CONNECT_TO_FIRST_PRODUCER));
    }

    /** The default signaller given no producer: it starts a session with every producer (our extension). */
    private boolean takesEveryProducer() {
        return "default".equals(signallerObject().factory().name()) && !singleSession();
    }

    /**
     * One session failed: a warning when the element takes every producer, since the others go on and later
     * producers still come; otherwise an element error, as upstream.
     */
    private void postSessionFailure(String message, String debug) {
        if (!takesEveryProducer()) {
            postError(ErrorDomain.STREAM, ErrorDomain.FAILED, message, debug);
        } else {
            postWarning(ErrorDomain.STREAM, ErrorDomain.FAILED, message, debug);
        }
    }

    private ReceiveSession openSession(String sessionId, String peerId) {
        if (!sessions.isEmpty() && singleSession()) {
            LOG.error("{}: webrtcsrc only supports a single session; refusing {} while {} lives", name(), sessionId,
                    sessions.all().get(0).sessionId());
            return null;
        }
        ReceiveSession s;
        try {
            s = new ReceiveSession(sessionId, peerId, this, new Host(), settings());
            signallerObject().emitWebrtcbinSignal(SignallerObjectTypes.WEBRTCBIN_READY, sessionId, s.webrtcbin());
            s.start();
        } catch (RuntimeException e) {
            postError("Failed to create a session with " + peerId + ": " + e.getMessage(), e.toString());
            signaller().endSession(sessionId);
            return null;
        }
        sessions.add(s);
        LOG.info("{}: session {} with producer {} ({})", name(), sessionId, peerId, sessions.dump());
        return s;
    }

    private ReceiveSession.Settings settings() {
        return new ReceiveSession.Settings(getString(SrcProperties.STUN_SERVER),
                getStringList(SrcProperties.TURN_SERVERS), getBoolean(SrcProperties.DO_RETRANSMISSION),
                CodecPreferences.of(getStringList(SrcProperties.VIDEO_CODECS),
                        getStringList(SrcProperties.AUDIO_CODECS)));
    }

    private interface NegotiationStep {
        void run() throws Exception;
    }

    /** Runs a negotiation step; a failure is an element error and ends the session, telling the producer. */
    private void negotiate(ReceiveSession s, String what, NegotiationStep step) {
        try {
            step.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.warn("{}: failed to {} in session {}: {}", name(), what, s.sessionId(), why);
            postSessionFailure("Failed to " + what + ": " + why, s.dump());
            endSession(s, true, true);
        }
    }

    /**
     * Ends one live session (control thread): EOS on its streams if asked, optionally telling the producer. Does
     * nothing if it already ended.
     */
    private void endSession(ReceiveSession s, boolean endOfStream, boolean tellProducer) {
        if (!sessions.remove(s)) {
            return;
        }
        s.close(endOfStream);
        if (tellProducer) {
            signaller().endSession(s.sessionId());
        }
        LOG.info("{}: session {} with {} over ({})", name(), s.sessionId(), s.peerId(), sessions.dump());
    }

    /** Ends every session, telling the producers (state change, signaller shutdown). */
    private void endAllSessions(boolean endOfStream) {
        for (ReceiveSession s : sessions.all()) {
            endSession(s, endOfStream, true);
        }
    }

    /** Callbacks of the sessions. */
    private final class Host implements ReceiveSession.Host {
        @Override
        public void sessionFailed(ReceiveSession s, String why, boolean tellProducer) {
            if (sessions.get(s.sessionId()) != s) {
                return;
            }
            LOG.warn("{}: session {} failed: {}", name(), s.sessionId(), why);
            endSession(s, true, tellProducer);
        }

        @Override
        public void runOnControlThread(Runnable task) {
            WebRTCSrcElement.this.runOnControlThread(task);
        }

        @Override
        public String reservePadName(boolean video) {
            return sessions.reservePadName(video);
        }

        @Override
        public void releasePadName(String name) {
            sessions.releasePadName(name);
        }
    }

    /** The {@code meta} structure as signaller metadata: its fields as strings (structure name dropped). */
    private Meta metaFromProperty() {
        String text = getString(SrcProperties.META);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            Map<String, Object> fields = new LinkedHashMap<>(Structures.parse(text).fields());
            return Meta.of(fields);
        } catch (RuntimeException e) {
            LOG.warn("{}: meta '{}' not usable: {}", name(), text, e.getMessage());
            return null;
        }
    }

    // ------------------------------------------------------------------ lifetime and diagnosis

    @Override
    protected void finalized() {
        finalized = true;
        ExecutorService c = control;
        control = null;
        if (c != null) {
            c.shutdownNow();
        }
        Pointer s = signallerObject;
        signallerObject = null;
        if (s != null) {
            GObjectLib.LIB.g_object_unref(s);
        }
    }

    private static String stackTrace(Throwable t) {
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }

    private String name() {
        return finalized ? typeName() : NativeSupport.objectName(pointer());
    }

    /** Human-readable state for diagnosis: state, sessions and their streams, signaller. */
    public String dump() {
        StringBuilder sb = new StringBuilder(typeName()).append(' ').append(name())
                .append(" state=").append(currentState())
                .append(" signaller-factory=").append(factory.name())
                .append(signallerStarted ? " (signaller started)" : "");
        sb.append("\n  ").append(sessions.dump());
        for (ReceiveSession s : sessions.all()) {
            sb.append("\n  ").append(s.dump().replace("\n", "\n  "));
        }
        Pointer so = signallerObject;
        if (so != null) {
            sb.append("\n  ").append(signallerObject().dump().replace("\n", "\n  "));
        }
        return sb.toString();
    }
}
