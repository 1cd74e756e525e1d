package dev.webrtcsink.engine.sink;

import dev.webrtcsink.api.IceCandidate;
import dev.webrtcsink.api.Meta;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.api.Signaller;
import dev.webrtcsink.api.SignallerException;
import dev.webrtcsink.api.SignallerListener;
import dev.webrtcsink.engine.codec.CodecDiscovery;
import dev.webrtcsink.engine.codec.SessionCodecs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.freedesktop.gstreamer.Clock;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Pipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logic of {@code webrtcsink}, without the GObject element around it: input streams,
 * the signaller, and one {@link ConsumerSession} per consumer.
 *
 * <h2>How the element layer drives it</h2>
 * <ol>
 *   <li>Construct with a {@link WebRtcBinDriver}; configure {@link #settings()},
 *       {@link #setSignaller}, {@link #addListener}.</li>
 *   <li>Per request pad: put a {@code tee allow-not-linked=true} behind the pad inside the
 *       element's bin and {@link #addInput} it; on each CAPS event call {@link #inputCaps}.</li>
 *   <li>READY→PAUSED: {@link #prepare()}; PAUSED→PLAYING: {@link #play()};
 *       PAUSED→READY: {@link #unprepare()}; finalize: {@link #close()}.</li>
 * </ol>
 * The signaller starts once the controller plays and every input has caps (spec §4).
 *
 * <h2>Threads</h2>
 * One control thread serialises signaller events, session creation, negotiation and teardown.
 * GStreamer threads (bus, webrtcbin callbacks) only enqueue onto it and never wait on our
 * locks. A monitor thread polls stats and connection state. Public methods may be called from
 * any thread except the control thread itself (listeners must not call the blocking ones).
 */
public final class WebRTCSinkController implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebRTCSinkController.class);
    private static final long CONTROL_TIMEOUT_SECONDS = 30;

    private enum Phase { STOPPED, PREPARED, PLAYING, CLOSED }

    private final WebRtcBinDriver driver;
    private final SinkSettings settings = new SinkSettings();
    private final ExecutorService control;
    private final ScheduledExecutorService monitor;
    private final List<WebRTCSinkListener> listeners = new CopyOnWriteArrayList<>();
    private final List<SinkInput> inputs = new CopyOnWriteArrayList<>();
    private final Map<String, ConsumerSession> sessions = new ConcurrentHashMap<>();
    private final SignallerListener signallerEvents = new SignallerEvents();
    private final WebRTCSinkListener listenerChain = new ListenerChain();
    private final Host host = new Host();
    private volatile Signaller signaller;
    private volatile SessionCodecs codecs;
    private volatile Phase phase = Phase.STOPPED;
    private volatile boolean signallerStarted;
    private volatile long statsIntervalMillis = 100;
    private ScheduledFuture<?> monitorTask;
    private Thread controlThread;

    public WebRTCSinkController(WebRtcBinDriver driver) {
        this.driver = Objects.requireNonNull(driver, "driver");
        this.control = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "webrtcsink-control");
            t.setDaemon(true);
            controlThread = t;
            return t;
        });
        this.monitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "webrtcsink-monitor");
            t.setDaemon(true);
            return t;
        });
    }

    // ------------------------------------------------------------------ configuration

    /** The configuration; see {@link SinkSettings} for when each value is read. */
    public SinkSettings settings() {
        return settings;
    }

    /** Replaces the signaller; only before it was started in this READY cycle. */
    public void setSignaller(Signaller signaller) {
        if (signallerStarted) {
            throw new IllegalStateException("cannot replace the signaller while it runs (go to READY first)");
        }
        this.signaller = signaller;
    }

    public Signaller signaller() {
        return signaller;
    }

    public void addListener(WebRTCSinkListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(WebRTCSinkListener listener) {
        listeners.remove(listener);
    }

    /** How often stats and connection states are polled (spec: 100 ms). */
    public void setStatsInterval(long millis) {
        if (millis < 10) {
            throw new IllegalArgumentException("stats interval below 10 ms: " + millis);
        }
        this.statsIntervalMillis = millis;
    }

    // ------------------------------------------------------------------ inputs

    /**
     * Adds an input stream (a request pad got its fan-out tee). Running sessions get it by
     * renegotiation once it has caps (spec §12.2, see {@link #inputCaps}).
     */
    public void addInput(SinkInput input) {
        if (inputs.stream().anyMatch(i -> i.name().equals(input.name()))) {
            throw new IllegalArgumentException("input " + input.name() + " already exists");
        }
        inputs.add(input);
    }

    /**
     * Removes an input (pad released). Waits until every session stopped taking it from the
     * input's fan-out (the caller tears that down next) and offered its m-line as inactive
     * (spec §12.3).
     */
    public void removeInput(String name) {
        inputs.removeIf(i -> i.name().equals(name));
        if (sessions.isEmpty() || controlThread == null || Thread.currentThread() == controlThread) {
            return;
        }
        try {
            onControl(() -> {
                for (ConsumerSession session : List.copyOf(sessions.values())) {
                    renegotiateOrEnd(session, () -> session.removeStream(name));
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("input {}: sessions not updated: {}", name, e.getMessage());
        }
    }

    /** Runs a renegotiation step of a session; a failure ends that session only. */
    private void renegotiateOrEnd(ConsumerSession session, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.warn("session {}: renegotiation failed: {}", session.sessionId(), e.toString());
            removeSession(session.sessionId(), true, "renegotiation failed: " + e.getMessage());
        }
    }

    public List<SinkInput> inputs() {
        return List.copyOf(inputs);
    }

    /**
     * Records the caps of an input (CAPS event on its pad) and starts the signaller when this
     * was the last input without caps.
     *
     * @return false when the change is refused: an input that has caps may not switch to
     *         another media type ("Renegotiation is not supported", spec §12.1)
     */
    public boolean inputCaps(String inputName, String caps) {
        SinkInput input = inputs.stream().filter(i -> i.name().equals(inputName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no input " + inputName));
        String previousCaps = input.caps();
        String previousName = input.capsName();
        input.setCaps(caps);
        if (previousName != null && !previousName.equals(input.capsName())) {
            LOG.error("input {}: caps changed from {} to {}: Renegotiation is not supported", inputName, previousCaps, caps);
            input.setCaps(previousCaps);
            return false;
        }
        submit(this::maybeStartSignaller);
        if (previousName == null) {
            // a stream added while sessions run joins them once it has caps (spec §12.2)
            submit(() -> {
                for (ConsumerSession session : List.copyOf(sessions.values())) {
                    renegotiateOrEnd(session, () -> session.addStream(input));
                }
            });
        }
        return true;
    }

    // ------------------------------------------------------------------ lifecycle

    /** READY→PAUSED: builds the payload-type map from {@code video-caps}/{@code audio-caps}. */
    public void prepare() {
        onControl(() -> {
            codecs = SessionCodecs.build(settings.videoCaps(), settings.audioCaps(), CodecDiscovery.installed());
            if (codecs.entries().isEmpty()) {
                throw new IllegalStateException("Failed to prepare: no usable codec in video-caps '"
                        + settings.videoCaps() + "' / audio-caps '" + settings.audioCaps() + "'");
            }
            phase = Phase.PREPARED;
            LOG.debug("prepared, payload types {}", codecs);
            return null;
        });
    }

    /** PAUSED→PLAYING: starts the signaller if every input has caps (otherwise when the last one gets them). */
    public void play() {
        onControl(() -> {
            if (phase == Phase.STOPPED) {
                throw new IllegalStateException("play() before prepare()");
            }
            phase = Phase.PLAYING;
            if (monitorTask == null) {
                monitorTask = monitor.scheduleWithFixedDelay(this::pollSessions, statsIntervalMillis,
                        statsIntervalMillis, TimeUnit.MILLISECONDS);
            }
            maybeStartSignaller();
            return null;
        });
    }

    /** PAUSED→READY: ends every session (telling the peers), stops the signaller. Blocks until done. */
    public void unprepare() {
        onControl(() -> {
            for (String id : new ArrayList<>(sessions.keySet())) {
                ConsumerSession s = sessions.get(id);
                removeSession(id, false, null);
                if (signaller != null && s != null) {
                    signaller.endSession(id);
                }
            }
            if (monitorTask != null) {
                monitorTask.cancel(false);
                monitorTask = null;
            }
            if (signallerStarted) {
                signallerStarted = false;
                signaller.stop();
            }
            if (phase != Phase.CLOSED) {
                phase = Phase.STOPPED;
            }
            return null;
        });
    }

    /** Ends everything and stops the threads; the controller is unusable afterwards. */
    @Override
    public void close() {
        if (phase == Phase.CLOSED) {
            return;
        }
        try {
            unprepare();
        } finally {
            phase = Phase.CLOSED;
            control.shutdown();
            monitor.shutdownNow();
            try {
                control.awaitTermination(CONTROL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void maybeStartSignaller() {
        if (phase != Phase.PLAYING || signallerStarted || signaller == null) {
            return;
        }
        if (!inputs.stream().allMatch(SinkInput::hasCaps)) {
            LOG.debug("not starting the signaller yet: inputs without caps");
            return;
        }
        signallerStarted = true;
        signaller.start(signallerEvents);
    }

    // ------------------------------------------------------------------ sessions

    /** Ids of the current sessions ({@code get-sessions}). */
    public List<String> getSessions() {
        return List.copyOf(sessions.keySet());
    }

    /** The state of one session, or null if it does not exist. */
    public SessionState sessionState(String sessionId) {
        ConsumerSession s = sessions.get(sessionId);
        return s == null ? null : s.state();
    }

    /** The consumer pipeline of a session (for diagnosis), or null. */
    public Pipeline sessionPipeline(String sessionId) {
        ConsumerSession s = sessions.get(sessionId);
        return s == null ? null : s.pipeline();
    }

    /** Ends a session from the application side, telling the peer. */
    public void endSession(String sessionId) {
        submit(() -> removeSession(sessionId, true, null));
    }

    private void createSession(String sessionId, String peerId, SessionDescription offer) {
        if (phase != Phase.PLAYING) {
            LOG.warn("session {} requested while not playing, ignored", sessionId);
            return;
        }
        if (sessions.containsKey(sessionId)) {
            LOG.warn("session {} already exists (DuplicateSessionId), request ignored", sessionId);
            return;
        }
        ConsumerSession session;
        try {
            session = new ConsumerSession(host, sessionId, peerId);
        } catch (RuntimeException e) {
            LOG.error("session {}: error setting up consumer pipeline", sessionId, e);
            if (signaller != null) {
                signaller.endSessionWithError(sessionId, "error setting up consumer pipeline: " + e.getMessage());
            }
            return;
        }
        sessions.put(sessionId, session);
        try {
            if (offer == null) {
                session.startAsOfferer();
            } else if (offer.type() != SessionDescription.Type.OFFER) {
                throw new IllegalArgumentException("session requested with a " + offer.type().wireName() + ", not an offer");
            } else {
                session.startAsAnswerer(offer);
            }
        } catch (RuntimeException e) {
            LOG.warn("session {}: setup failed: {}", sessionId, e.toString());
            removeSession(sessionId, true, "error setting up consumer pipeline: " + e.getMessage());
        }
    }

    private void handleRemoteDescription(String sessionId, SessionDescription description) {
        ConsumerSession session = sessions.get(sessionId);
        if (session == null) {
            LOG.warn("description for unknown session {} ignored", sessionId);
            return;
        }
        if (description.type() != SessionDescription.Type.ANSWER) {
            LOG.error("session {}: Unsupported SDP Type {}", sessionId, description.type().wireName());
            return;
        }
        try {
            session.handleAnswer(description);
        } catch (RuntimeException e) {
            LOG.warn("session {}: consumer answer rejected: {}", sessionId, e.toString());
            removeSession(sessionId, true, "invalid answer: " + e.getMessage());
        }
    }

    private void handleRemoteCandidate(String sessionId, IceCandidate candidate) {
        ConsumerSession session = sessions.get(sessionId);
        if (session == null) {
            LOG.warn("ICE candidate for unknown session {} ignored", sessionId);
            return;
        }
        try {
            session.addRemoteCandidate(candidate);
        } catch (RuntimeException e) {
            LOG.warn("session {}: cannot add remote candidate {}: {}", sessionId, candidate, e.toString());
        }
    }

    /**
     * Spec §7.5: drop the session, tear its pipeline down, tell the listeners and — for local
     * failures ({@code signal}) — the peer.
     */
    private void removeSession(String sessionId, boolean signal, String error) {
        ConsumerSession session = sessions.remove(sessionId);
        if (session == null) {
            LOG.debug("no session with id {}", sessionId);
            return;
        }
        if (error != null) {
            LOG.info("ending session {} (peer {}): {}", sessionId, session.peerId(), error);
        }
        try {
            session.close();
        } catch (RuntimeException e) {
            LOG.warn("session {}: teardown failed", sessionId, e);
        }
        listenerChain.consumerRemoved(session.peerId(), session.webrtcbin());
        if (signal && signaller != null && signallerStarted) {
            signaller.endSessionWithError(sessionId, error);
        }
        session.dispose();
    }

    private void pollSessions() {
        for (ConsumerSession session : sessions.values()) {
            try {
                String failure = session.poll();
                if (failure != null) {
                    host.postFailure(session.sessionId(), failure);
                }
            } catch (RuntimeException e) {
                LOG.debug("session {}: polling failed: {}", session.sessionId(), e.toString());
            }
        }
    }

    // ------------------------------------------------------------------ stats and diagnosis

    /** A snapshot of every session's stats, by session id (spec §11). */
    public Map<String, SessionStats> stats() {
        Map<String, SessionStats> out = new LinkedHashMap<>();
        for (ConsumerSession s : sessions.values()) {
            out.put(s.sessionId(), s.stats());
        }
        return out;
    }

    /** The {@code stats} property value as GstStructure text ({@code application/x-webrtcsink-stats, <id>=(structure)...}). */
    public String statsStructureText() {
        StringBuilder sb = new StringBuilder("application/x-webrtcsink-stats");
        for (SessionStats s : stats().values()) {
            sb.append(", ").append(s.sessionId()).append("=(structure)").append(SessionStats.quote(s.toStructureText()));
        }
        return sb.append(';').toString();
    }

    /** Human-readable state for diagnosis. */
    public String dump() {
        StringBuilder sb = new StringBuilder("WebRTCSinkController phase=").append(phase)
                .append(" signallerStarted=").append(signallerStarted)
                .append("\n  settings: ").append(settings)
                .append("\n  payload types: ").append(codecs)
                .append("\n  inputs: ").append(inputs)
                .append("\n  sessions: ").append(sessions.size());
        for (ConsumerSession s : sessions.values()) {
            sb.append("\n  ").append(s.dump().replace("\n", "\n  "));
        }
        Signaller sig = signaller;
        if (sig != null) {
            sb.append("\n  signaller: ").append(sig.dump().replace("\n", "\n  "));
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ threading helpers

    private void submit(Runnable task) {
        try {
            control.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("control task failed", e);
                }
            });
        } catch (RejectedExecutionException closed) {
            LOG.debug("controller closed, task dropped");
        }
    }

    /** Runs on the control thread and waits; rethrows the task's exception. */
    private <T> T onControl(Callable<T> task) {
        if (Thread.currentThread() == controlThread) {
            throw new IllegalStateException("blocking controller call from the control thread (listener re-entry?)");
        }
        Future<T> f = control.submit(task);
        try {
            return f.get(CONTROL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("control thread did not answer within " + CONTROL_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The view sessions get of the controller. */
    private final class Host implements SessionHost {
        @Override
        public WebRtcBinDriver driver() {
            return driver;
        }

        @Override
        public SinkSettings settings() {
            return settings;
        }

        @Override
        public SessionCodecs codecs() {
            return codecs;
        }

        @Override
        public List<SinkInput> inputs() {
            // an input without caps yet joins running sessions by renegotiation when they arrive
            return inputs.stream().filter(i -> i.caps() != null).toList();
        }

        @Override
        public WebRTCSinkListener listener() {
            return listenerChain;
        }

        @Override
        public Clock clock() {
            return inputs.isEmpty() ? null : inputs.get(0).fanout().getClock();
        }

        @Override
        public long baseTime() {
            return inputs.isEmpty() ? 0 : inputs.get(0).fanout().getBaseTime();
        }

        @Override
        public void sendDescription(String sessionId, SessionDescription description) {
            Signaller sig = signaller;
            SessionDescription toSend = sig.manualSdpMunging() ? description
                    : listenerChain.mungeSessionDescription(sessionId, description);
            sig.sendSessionDescription(sessionId, toSend);
        }

        @Override
        public void postLocalCandidate(String sessionId, IceCandidate candidate) {
            submit(() -> {
                if (sessions.containsKey(sessionId) && signaller != null) {
                    signaller.sendIceCandidate(sessionId, candidate);
                }
            });
        }

        @Override
        public void postFailure(String sessionId, String error) {
            submit(() -> removeSession(sessionId, true, error));
        }

        @Override
        public void postFeedback(Runnable task) {
            try {
                monitor.execute(() -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.debug("congestion feedback failed: {}", e.toString());
                    }
                });
            } catch (RejectedExecutionException closed) {
                LOG.debug("controller closed, feedback dropped");
            }
        }
    }

    /** Signaller events, hopped onto the control thread. */
    private final class SignallerEvents implements SignallerListener {
        @Override
        public void sessionRequested(String sessionId, String peerId, SessionDescription offer) {
            submit(() -> createSession(sessionId, peerId, offer));
        }

        @Override
        public void sessionDescription(String sessionId, SessionDescription description) {
            submit(() -> handleRemoteDescription(sessionId, description));
        }

        @Override
        public void iceCandidate(String sessionId, IceCandidate candidate) {
            submit(() -> handleRemoteCandidate(sessionId, candidate));
        }

        @Override
        public void sessionEnded(String sessionId, String error) {
            submit(() -> removeSession(sessionId, false, error == null ? "ended by peer" : "ended by peer: " + error));
        }

        @Override
        public Meta requestMeta() {
            return settings.meta();
        }

        @Override
        public void error(SignallerException error) {
            LOG.error("Signalling error: {}", error.getMessage());
            submit(() -> listenerChain.signallingError(error.getMessage()));
        }

        @Override
        public void shutdown() {
            submit(listenerChain::shutdownRequested);
        }
    }

    /** Fans one event out to every listener, with the "first TRUE wins" rule for setup hooks. */
    private final class ListenerChain implements WebRTCSinkListener {
        @Override
        public void consumerPipelineCreated(String peerId, Pipeline pipeline) {
            each(l -> l.consumerPipelineCreated(peerId, pipeline));
        }

        @Override
        public void consumerAdded(String peerId, Element webrtcbin) {
            each(l -> l.consumerAdded(peerId, webrtcbin));
        }

        @Override
        public void consumerRemoved(String peerId, Element webrtcbin) {
            each(l -> l.consumerRemoved(peerId, webrtcbin));
        }

        @Override
        public boolean encoderSetup(String consumerId, String streamName, Element encoder) {
            return listeners.stream().anyMatch(l -> l.encoderSetup(consumerId, streamName, encoder));
        }

        @Override
        public boolean payloaderSetup(String consumerId, String streamName, Element payloader) {
            return listeners.stream().anyMatch(l -> l.payloaderSetup(consumerId, streamName, payloader));
        }

        @Override
        public Element requestEncodedFilter(String consumerId, String streamName, String encodedCaps) {
            for (WebRTCSinkListener l : listeners) {
                Element filter = l.requestEncodedFilter(consumerId, streamName, encodedCaps);
                if (filter != null) {
                    return filter;
                }
            }
            return null;
        }

        @Override
        public SessionDescription mungeSessionDescription(String sessionId, SessionDescription description) {
            SessionDescription d = description;
            for (WebRTCSinkListener l : listeners) {
                d = Objects.requireNonNullElse(l.mungeSessionDescription(sessionId, d), d);
            }
            return d;
        }

        @Override
        public void signallingError(String message) {
            each(l -> l.signallingError(message));
        }

        @Override
        public void shutdownRequested() {
            each(WebRTCSinkListener::shutdownRequested);
        }

        private void each(java.util.function.Consumer<WebRTCSinkListener> call) {
            for (WebRTCSinkListener l : listeners) {
                try {
                    call.accept(l);
                } catch (RuntimeException e) {
                    LOG.error("listener {} failed", l, e);
                }
            }
        }
    }
}
