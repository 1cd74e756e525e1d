package dev.webrtcsink.engine.sink.element;

import com.sun.jna.Pointer;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.api.SignallerFactory;
import dev.webrtcsink.api.Structures;
import dev.webrtcsink.engine.codec.MediaKind;
import dev.webrtcsink.engine.element.Instance;
import dev.webrtcsink.engine.element.JavaElement;
import dev.webrtcsink.engine.element.StateChange;
import dev.webrtcsink.engine.natives.GObjectLib;
import dev.webrtcsink.engine.natives.GstLib;
import dev.webrtcsink.engine.signalling.SignallerObject;
import dev.webrtcsink.engine.signalling.SignallerObjectTypes;
import dev.webrtcsink.engine.sink.GstWebRtcBinDriver;
import dev.webrtcsink.engine.sink.SinkInput;
import dev.webrtcsink.engine.sink.WebRTCSinkController;
import dev.webrtcsink.engine.sink.WebRTCSinkListener;
import dev.webrtcsink.engine.web.WebServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.StateChangeReturn;
import org.freedesktop.gstreamer.glib.Natives;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code webrtcsink} element (and its variants, one per signaller factory): a GstBin wiring request pads, GObject
 * properties, signals and state changes onto a {@link WebRTCSinkController}, which does the WebRTC work.
 *
 * <p>Inside the bin each request pad is a ghost pad onto {@code clocksync ! tee allow-not-linked=true}; consumer
 * sessions tap the tee. CAPS, EOS and STREAM_START events of the pads reach Java ({@link InputEvents}); buffers never
 * do.
 *
 * <p>Lifecycle: READY→PAUSED starts the embedded servers and prepares the controller (returns NO_PREROLL: live);
 * PAUSED→PLAYING plays it (the signaller starts once every pad has caps); PAUSED→READY ends every session and stops
 * the servers; finalize closes the controller's threads.
 */
public final class WebRTCSinkElement extends JavaElement implements InputEvents.Receiver {
    private static final Logger LOG = LoggerFactory.getLogger(WebRTCSinkElement.class);
    /** GstElementFlags SINK and SOURCE (GST_OBJECT_FLAG_LAST << 1, << 2). */
    private static final int FLAG_SINK = 1 << 5;
    private static final int FLAG_SOURCE = 1 << 6;

    private final SignallerFactory factory;
    private final boolean embeddedServerProperties;
    private final WebRTCSinkController controller = new WebRTCSinkController(new GstWebRtcBinDriver());
    private final Map<String, InputBranch> inputs = new ConcurrentHashMap<>();
    private final AtomicInteger videoPads = new AtomicInteger();
    private final AtomicInteger audioPads = new AtomicInteger();
    private final AtomicBoolean eosPosted = new AtomicBoolean();
    /** The signaller GObject; this element owns one reference. */
    private volatile Pointer signallerObject;
    private volatile EmbeddedSignallingServer signallingServer;
    private volatile WebServer webServer;
    private volatile boolean closed;

    /** One request pad's internals. */
    private record InputBranch(String name, Pad ghost, Element clocksync, Element tee, AtomicBoolean eos) {}

    WebRTCSinkElement(Instance instance, SignallerFactory factory, boolean embeddedServerProperties) {
        super(instance);
        this.factory = factory;
        this.embeddedServerProperties = embeddedServerProperties;
        markAsSink();
        setSignallerObject(SignallerObject.wrap(factory, factory.create(dev.webrtcsink.api.Role.PRODUCER)).pointer(), false);
        controller.addListener(new ElementEvents());
    }

    /** Spec §1: the element is a sink whatever children it has (proxysinks come and go with sessions). */
    private void markAsSink() {
        GstLib.LIB.gst_bin_set_suppressed_flags(pointer(), FLAG_SINK | FLAG_SOURCE);
        // GstObject.flags follows GInitiallyUnowned (24), GMutex (8), name and parent pointers: offset 48 on LP64;
        // nobody else can see the instance yet, so no lock is needed
        pointer().setInt(48, pointer().getInt(48) | FLAG_SINK);
    }

    /** The controller (diagnosis and the Java API); do not call its lifecycle methods. */
    public WebRTCSinkController controller() {
        return controller;
    }

    /** The current signaller's GObject. */
    public SignallerObject signallerObject() {
        return SignallerObject.of(signallerObject);
    }

    InputEvents.Receiver inputEvents() {
        return this;
    }

    // ------------------------------------------------------------------ properties

    @Override
    protected Object propertyValue(String property, Object stored) {
        return switch (property) {
            case SinkProperties.STATS -> controller.statsStructureText();
            case SinkProperties.SIGNALLER -> signallerObject;
            default -> stored;
        };
    }

    @Override
    protected void propertyChanged(String property, Object value) {
        switch (property) {
            case SinkProperties.SIGNALLER -> {
                SignallerObject replacement = value == null ? null : SignallerObject.of((Pointer) value);
                if (replacement == null) {
                    LOG.error("{}: 'signaller' must be a signaller object of this SDK; keeping the current one", name());
                    return;
                }
                setSignallerObject(GObjectLib.LIB.g_object_ref(replacement.pointer()), true);
            }
            case SinkProperties.WEB_SERVER_HOST_ADDR -> {
                try {
                    String normalised = SinkProperties.normaliseHostAddr(String.valueOf(value));
                    if (!normalised.equals(value)) {
                        publish(property, normalised);
                    }
                } catch (IllegalArgumentException e) {
                    LOG.error("{}: {}; keeping the previous value", name(), e.getMessage());
                    publish(property, SinkProperties.DEFAULT_WEB_SERVER_HOST_ADDR);
                }
            }
            case SinkProperties.CONGESTION_CONTROL -> {
                if ("gcc".equals(value)) {
                    LOG.error("{}: congestion-control 'gcc' is not implemented yet; READY->PAUSED will fail "
                            + "(use congestion-control=homegrown or disabled)", name());
                }
            }
            default -> { }
        }
    }

    private void setSignallerObject(Pointer ownedReference, boolean replaceInController) {
        SignallerObject object = SignallerObject.of(ownedReference);
        controller.setSignaller(object.signaller());
        Pointer old = signallerObject;
        signallerObject = ownedReference;
        if (old != null) {
            GObjectLib.LIB.g_object_unref(old);
        }
        if (replaceInController) {
            LOG.debug("{}: signaller replaced by {}", name(), object.typeName());
        }
    }

    // ------------------------------------------------------------------ pads

    @Override
    protected Pad requestPad(String templateName, String requestedName, String caps) {
        boolean video = templateName.startsWith("video");
        // spec §2.2: requested names are ignored; two counters, never reused
        String name = video ? "video_" + videoPads.getAndIncrement() : "audio_" + audioPads.getAndIncrement();
        Bin bin = asBin();
        Element clocksync = ElementFactory.make("clocksync", "clocksync_" + name);
        Element tee = ElementFactory.make("tee", "tee_" + name);
        tee.set("allow-not-linked", true); // before data flows: no consumer yet must not mean not-linked
        bin.addMany(clocksync, tee);
        Pad ghost = null;
        try {
            if (!clocksync.link(tee)) {
                throw new IllegalStateException("cannot link clocksync to tee");
            }
            tee.syncStateWithParent();
            clocksync.syncStateWithParent();
            ghost = addGhostPad(name, templateName, clocksync.getStaticPad("sink"));
            InputEvents.install(ghost);
            controller.addInput(new SinkInput(name, video ? MediaKind.VIDEO : MediaKind.AUDIO, tee));
            inputs.put(name, new InputBranch(name, ghost, clocksync, tee, new AtomicBoolean()));
            eosPosted.set(false);
            return ghost;
        } catch (RuntimeException e) {
            LOG.error("{}: cannot prepare pad {}", name(), name, e);
            if (ghost != null) {
                removePad(ghost);
            }
            dropBranchElements(bin, clocksync, tee);
            return null;
        }
    }

    @Override
    protected void releasePad(Pad pad) {
        String name = pad.getName();
        InputBranch branch = inputs.remove(name);
        controller.removeInput(name);
        removePad(pad);
        if (branch != null) {
            // the sessions already let go of this stream (removeInput waited for them): drop the fan-out
            dropBranchElements(asBin(), branch.clocksync(), branch.tee());
        }
        maybePostEos();
    }

    private static void dropBranchElements(Bin bin, Element clocksync, Element tee) {
        clocksync.setState(State.NULL);
        tee.setState(State.NULL);
        bin.removeMany(clocksync, tee);
    }

    @Override
    protected Pointer childByName(String name) {
        if (SinkProperties.SIGNALLER.equals(name)) {
            return signallerObject;
        }
        InputBranch branch = inputs.get(name);
        return branch == null ? null : Natives.getRawPointer(branch.ghost());
    }

    // ------------------------------------------------------------------ input events (streaming threads)

    @Override
    public boolean inputCaps(String padName, String caps) {
        if (!inputs.containsKey(padName)) {
            return true;
        }
        boolean accepted = controller.inputCaps(padName, caps);
        if (!accepted) {
            postWarning(dev.webrtcsink.engine.element.ErrorDomain.STREAM, dev.webrtcsink.engine.element.ErrorDomain.FAILED,
                    "Renegotiation is not supported", padName + ": caps change to " + caps + " refused");
        }
        return accepted;
    }

    @Override
    public void inputEos(String padName) {
        InputBranch branch = inputs.get(padName);
        if (branch != null) {
            branch.eos().set(true);
            maybePostEos();
        }
    }

    @Override
    public void inputRestarted(String padName) {
        InputBranch branch = inputs.get(padName);
        if (branch != null && branch.eos().getAndSet(false)) {
            eosPosted.set(false);
        }
    }

    /** Spec §12: EOS once every input reached EOS (the bin's own children never post one). */
    private void maybePostEos() {
        if (!inputs.isEmpty() && inputs.values().stream().allMatch(b -> b.eos().get()) && eosPosted.compareAndSet(false, true)) {
            LOG.debug("{}: every input is EOS", name());
            postEos();
        }
    }

    // ------------------------------------------------------------------ state

    @Override
    protected StateChangeReturn changeState(StateChange transition) {
        if (transition.equals(StateChange.READY_TO_PAUSED)) {
            String failure = prepare();
            if (failure != null) {
                postError(failure, dump());
                return StateChangeReturn.FAILURE;
            }
            StateChangeReturn ret = super.changeState(transition);
            if (ret == StateChangeReturn.FAILURE) {
                unprepare();
                return ret;
            }
            return StateChangeReturn.NO_PREROLL; // live: nothing to preroll, sessions come and go
        }
        if (transition.equals(StateChange.PAUSED_TO_READY)) {
            unprepare(); // sessions first, so their taps leave before the bin's children stop
            return super.changeState(transition);
        }
        StateChangeReturn ret = super.changeState(transition);
        if (transition.equals(StateChange.PAUSED_TO_PLAYING) && ret != StateChangeReturn.FAILURE) {
            controller.play();
        }
        return ret;
    }

    /** READY→PAUSED work; returns the error message on failure. */
    private String prepare() {
        try {
            SinkProperties.applyTo(controller.settings(), this::get);
        } catch (RuntimeException e) {
            return "Failed to prepare: " + e.getMessage();
        }
        if (embeddedServerProperties && getBoolean(SinkProperties.RUN_SIGNALLING_SERVER)) {
            try {
                startSignallingServer();
            } catch (RuntimeException e) {
                return "Failed to start signalling server: " + e.getMessage();
            }
        }
        if (getBoolean(SinkProperties.RUN_WEB_SERVER)) {
            try {
                startWebServer();
            } catch (IOException | RuntimeException e) {
                stopSignallingServer();
                return "Failed to start web server: " + e.getMessage();
            }
        }
        try {
            controller.prepare();
        } catch (RuntimeException e) {
            stopWebServer();
            stopSignallingServer();
            return "Failed to prepare: " + e.getMessage();
        }
        eosPosted.set(false);
        return null;
    }

    private void startSignallingServer() {
        String headers = getString(SinkProperties.SIGNALLING_SERVER_HEADERS);
        Map<String, String> headerMap = headers == null ? null : Structures.parse(headers).fields();
        String cert = getString(SinkProperties.SIGNALLING_SERVER_CERT);
        String key = getString(SinkProperties.SIGNALLING_SERVER_KEY);
        EmbeddedSignallingServer server = EmbeddedSignallingServer.start(getString(SinkProperties.SIGNALLING_SERVER_HOST),
                (int) getLong(SinkProperties.SIGNALLING_SERVER_PORT), cert, key, headerMap);
        signallingServer = server;
        SignallerObject signaller = signallerObject();
        signaller.set("uri", server.signallerUri());
        if (server.tls() && signaller.propertyNames().contains("cafile")) {
            signaller.set("cafile", cert);
        }
        LOG.info("{}: {} started, signaller uri {}", name(), server, server.signallerUri());
    }

    /** Starts the web server of web-server-* (the built-in viewer page unless the directory exists). */
    private void startWebServer() throws IOException {
        String cert = getString(SinkProperties.WEB_SERVER_CERT);
        String key = getString(SinkProperties.WEB_SERVER_KEY);
        String directory = getString(SinkProperties.WEB_SERVER_DIRECTORY);
        EmbeddedSignallingServer signalling = signallingServer;
        // the page connects to our embedded server on whatever host the browser used to reach the page
        String signallingUrl = signalling != null
                ? (signalling.tls() ? "wss" : "ws") + "://{host}:" + signalling.port()
                : String.valueOf(signallerObject().get("uri"));
        WebServer.Builder builder = WebServer.builder()
                .hostAddress(SinkProperties.normaliseHostAddr(getString(SinkProperties.WEB_SERVER_HOST_ADDR)))
                // upstream's default directory (gstwebrtc-api/dist) rarely exists here: then our own page
                .directory(directory != null && Files.isDirectory(Path.of(directory)) ? Path.of(directory) : null)
                .pathPrefix(getString(SinkProperties.WEB_SERVER_PATH))
                .signallingUrl(signallingUrl);
        if (cert != null && key != null) {
            builder.tls(Path.of(cert), Path.of(key));
        }
        WebServer server = builder.build().start();
        webServer = server;
        LOG.info("{}: web server at {}", name(), server.uri());
    }

    private void stopWebServer() {
        WebServer server = webServer;
        webServer = null;
        if (server != null) {
            server.stop();
        }
    }

    private void stopSignallingServer() {
        EmbeddedSignallingServer server = signallingServer;
        signallingServer = null;
        if (server != null) {
            try {
                server.close();
            } catch (RuntimeException e) {
                LOG.warn("{}: {}", name(), e.getMessage());
            }
        }
    }

    private void unprepare() {
        try {
            controller.unprepare();
        } catch (RuntimeException e) {
            LOG.error("{}: unprepare failed", name(), e);
        }
        stopWebServer();
        stopSignallingServer();
        inputs.values().forEach(b -> b.eos().set(false));
    }

    @Override
    protected void finalized() {
        closed = true;
        try {
            controller.close();
        } catch (IllegalStateException e) {
            // the last reference went away on the controller's own thread: close from another one
            Thread closer = new Thread(controller::close, "webrtcsink-close");
            closer.setDaemon(true);
            closer.start();
        }
        stopSignallingServer();
        Pointer signaller = signallerObject;
        signallerObject = null;
        if (signaller != null) {
            GObjectLib.LIB.g_object_unref(signaller);
        }
    }

    private String name() {
        return dev.webrtcsink.engine.natives.NativeSupport.objectName(pointer());
    }

    /** Human-readable state for diagnosis: inputs, servers, signaller, sessions. */
    public String dump() {
        StringBuilder sb = new StringBuilder(typeName()).append(' ').append(closed ? "(finalized)" : name())
                .append(" state=").append(currentState())
                .append(" signaller-factory=").append(factory.name());
        for (InputBranch b : inputs.values()) {
            sb.append("\n  input ").append(b.name()).append(b.eos().get() ? " (EOS)" : "");
        }
        EmbeddedSignallingServer server = signallingServer;
        if (server != null) {
            sb.append("\n  ").append(server);
        }
        sb.append("\n  ").append(controller.dump().replace("\n", "\n  "));
        return sb.toString();
    }

    // ------------------------------------------------------------------ controller events → signals

    /** Re-emits the controller's events as the element's (and signaller's) GObject signals; control thread. */
    private final class ElementEvents implements WebRTCSinkListener {
        @Override
        public void consumerPipelineCreated(String peerId, Pipeline pipeline) {
            emit(SinkSignals.CONSUMER_PIPELINE_CREATED, peerId, Natives.getRawPointer(pipeline));
        }

        @Override
        public void consumerAdded(String peerId, Element webrtcbin) {
            emit(SinkSignals.CONSUMER_ADDED, peerId, Natives.getRawPointer(webrtcbin));
            SignallerObject s = signallerObject();
            if (s != null) {
                s.emitWebrtcbinSignal(SignallerObjectTypes.CONSUMER_ADDED, peerId, webrtcbin);
                s.emitWebrtcbinSignal(SignallerObjectTypes.WEBRTCBIN_READY, peerId, webrtcbin);
            }
        }

        @Override
        public void consumerRemoved(String peerId, Element webrtcbin) {
            emit(SinkSignals.CONSUMER_REMOVED, peerId, Natives.getRawPointer(webrtcbin));
            SignallerObject s = signallerObject();
            if (s != null) {
                s.emitWebrtcbinSignal(SignallerObjectTypes.CONSUMER_REMOVED, peerId, webrtcbin);
            }
        }

        @Override
        public boolean encoderSetup(String consumerId, String streamName, Element encoder) {
            return Boolean.TRUE.equals(emit(SinkSignals.ENCODER_SETUP, consumerId, streamName, Natives.getRawPointer(encoder)));
        }

        @Override
        public boolean payloaderSetup(String consumerId, String streamName, Element payloader) {
            return Boolean.TRUE.equals(emit(SinkSignals.PAYLOADER_SETUP, consumerId, streamName,
                    Natives.getRawPointer(payloader)));
        }

        @Override
        public Element requestEncodedFilter(String consumerId, String streamName, String encodedCaps) {
            return adoptEmittedElement(emit(SinkSignals.REQUEST_ENCODED_FILTER, consumerId, streamName, encodedCaps));
        }

        @Override
        public SessionDescription mungeSessionDescription(String sessionId, SessionDescription description) {
            SignallerObject s = signallerObject();
            return s == null ? description : s.mungeSessionDescription(sessionId, description);
        }

        @Override
        public void signallingError(String message) {
            postError("Signalling error: " + message, null);
        }

        @Override
        public void shutdownRequested() {
            postEos();
        }
    }

    /** The request-pad template names. */
    static final List<String> TEMPLATES = List.of("video_%u", "audio_%u");
}
