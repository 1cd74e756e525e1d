package dev.webrtcsink.engine.sink.element;

import com.sun.jna.Pointer;
import dev.webrtcsink.api.Signaller;
import dev.webrtcsink.api.SignallerFactory;
import dev.webrtcsink.engine.WebRTC;
import dev.webrtcsink.engine.element.JavaObject;
import dev.webrtcsink.engine.element.ElementType;
import dev.webrtcsink.engine.natives.SignalConnection;
import dev.webrtcsink.engine.signalling.SignallerObject;
import dev.webrtcsink.engine.element.InstanceRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.glib.Natives;

/**
 * webrtcsink for applications that build pipelines in Java rather than from strings: a builder for the element and
 * typed listeners for its signals.
 *
 * <pre>
 *   WebRTCSink sink = WebRTCSink.builder()
 *       .signallerProperty("uri", "ws://127.0.0.1:8443")
 *       .videoCaps("video/x-vp8")
 *       .stunServer(null)
 *       .build();
 *   sink.onConsumerAdded((peerId, webrtcbin) -> log.info("viewer {}", peerId));
 *   pipeline.add(sink.element());
 *   source.link(sink.element());
 * </pre>
 *
 * <p>Listeners run on the sink's control thread: keep them short and never change the pipeline's state from them.
 */
public final class WebRTCSink {
    private final Element element;
    private final WebRTCSinkElement sink;

    private WebRTCSink(Element element) {
        this.element = element;
        this.sink = JavaObject.fromPointer(Natives.getRawPointer(element), WebRTCSinkElement.class)
                .orElseThrow(() -> new IllegalArgumentException(element.getName() + " is not a webrtcsink"));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Wraps a webrtcsink made elsewhere, e.g. found in a pipeline built from a string. */
    public static WebRTCSink of(Element element) {
        return new WebRTCSink(element);
    }

    /** The GStreamer element, to add to a pipeline and link. */
    public Element element() {
        return element;
    }

    /** The current signaller. */
    public Signaller signaller() {
        return sink.signallerObject().signaller();
    }

    /** Ids of the current consumer sessions ({@code get-sessions}). */
    public List<String> sessions() {
        return sink.controller().getSessions();
    }

    /** The {@code stats} property as GstStructure text. */
    public String statsText() {
        return sink.getString(SinkProperties.STATS);
    }

    public String dump() {
        return sink.dump();
    }

    // ------------------------------------------------------------------ typed signals

    /** A consumer's webrtcbin is ready, before negotiation ({@code consumer-added}); add data channels here. */
    public SignalConnection onConsumerAdded(ConsumerListener listener) {
        return sink.connect(SinkSignals.CONSUMER_ADDED, args -> {
            listener.consumer((String) args[1], wrap((Pointer) args[2], Element.class));
            return null;
        });
    }

    /** A consumer session ended ({@code consumer-removed}). */
    public SignalConnection onConsumerRemoved(ConsumerListener listener) {
        return sink.connect(SinkSignals.CONSUMER_REMOVED, args -> {
            listener.consumer((String) args[1], wrap((Pointer) args[2], Element.class));
            return null;
        });
    }

    /** A consumer's pipeline was just created ({@code consumer-pipeline-created}). */
    public SignalConnection onConsumerPipelineCreated(PipelineListener listener) {
        return sink.connect(SinkSignals.CONSUMER_PIPELINE_CREATED, args -> {
            listener.pipelineCreated((String) args[1], wrap((Pointer) args[2], Pipeline.class));
            return null;
        });
    }

    /** Configure encoders yourself ({@code encoder-setup}); return true to skip the default configuration. */
    public SignalConnection onEncoderSetup(SetupListener listener) {
        return sink.connect(SinkSignals.ENCODER_SETUP, args ->
                listener.setup((String) args[1], (String) args[2], wrap((Pointer) args[3], Element.class)));
    }

    /** Configure payloaders yourself ({@code payloader-setup}); return true to skip the default configuration. */
    public SignalConnection onPayloaderSetup(SetupListener listener) {
        return sink.connect(SinkSignals.PAYLOADER_SETUP, args ->
                listener.setup((String) args[1], (String) args[2], wrap((Pointer) args[3], Element.class)));
    }

    private static <T extends org.freedesktop.gstreamer.GstObject> T wrap(Pointer p, Class<T> type) {
        return p == null ? null : Natives.objectFor(p, type, true, true);
    }

    @FunctionalInterface
    public interface ConsumerListener {
        void consumer(String peerId, Element webrtcbin);
    }

    @FunctionalInterface
    public interface PipelineListener {
        void pipelineCreated(String peerId, Pipeline pipeline);
    }

    @FunctionalInterface
    public interface SetupListener {
        /** @param consumerId peer id of the session; @param streamName pad name; @return true when handled */
        boolean setup(String consumerId, String streamName, Element element);
    }

    // ------------------------------------------------------------------ builder

    /** Collects the configuration; {@link #build()} makes the element with it. */
    public static final class Builder {
        private String factoryName = "webrtcsink";
        private String name;
        private SignallerFactory signallerFactory;
        private Signaller signaller;
        private final Map<String, Object> properties = new LinkedHashMap<>();
        private final Map<String, Object> signallerProperties = new LinkedHashMap<>();

        private Builder() {}

        /** A variant by element factory name (default {@code webrtcsink}). */
        public Builder variant(String elementFactoryName) {
            this.factoryName = Objects.requireNonNull(elementFactoryName);
            return this;
        }

        public Builder name(String elementName) {
            this.name = elementName;
            return this;
        }

        /** Use this signaller (made by {@code factory}) instead of the variant's default one. */
        public Builder signaller(SignallerFactory factory, Signaller signaller) {
            this.signallerFactory = Objects.requireNonNull(factory, "factory");
            this.signaller = Objects.requireNonNull(signaller, "signaller");
            return this;
        }

        /** A property of the signaller, e.g. {@code uri}. */
        public Builder signallerProperty(String property, Object value) {
            signallerProperties.put(property, value);
            return this;
        }

        /** Any element property by name, in its Java type (see {@link dev.webrtcsink.engine.element.PropertyDef}). */
        public Builder property(String property, Object value) {
            properties.put(property, value);
            return this;
        }

        public Builder videoCaps(String caps) { return property(SinkProperties.VIDEO_CAPS, caps); }
        public Builder audioCaps(String caps) { return property(SinkProperties.AUDIO_CAPS, caps); }
        /** {@code stun://host:port}, or null for no STUN server. */
        public Builder stunServer(String uri) { return property(SinkProperties.STUN_SERVER, uri); }
        public Builder turnServers(List<String> uris) { return property(SinkProperties.TURN_SERVERS, List.copyOf(uris)); }
        /** {@code disabled} (default) or {@code homegrown}; {@code gcc} is not implemented and fails READY→PAUSED. */
        public Builder congestionControl(String nick) { return property(SinkProperties.CONGESTION_CONTROL, nick); }
        public Builder minBitrate(long bps) { return property(SinkProperties.MIN_BITRATE, bps); }
        public Builder maxBitrate(long bps) { return property(SinkProperties.MAX_BITRATE, bps); }
        public Builder startBitrate(long bps) { return property(SinkProperties.START_BITRATE, bps); }
        public Builder doFec(boolean on) { return property(SinkProperties.DO_FEC, on); }
        public Builder doRetransmission(boolean on) { return property(SinkProperties.DO_RETRANSMISSION, on); }
        /** {@code all} or {@code relay}. */
        public Builder iceTransportPolicy(String policy) { return property(SinkProperties.ICE_TRANSPORT_POLICY, policy); }
        /** Metadata as GstStructure text, e.g. {@code meta,name=camera-1}. */
        public Builder meta(String structure) { return property(SinkProperties.META, structure); }
        /** Embedded signalling server ({@code webrtcsink} only); the signaller is pointed at it. */
        public Builder runSignallingServer(String host, int port) {
            property(SinkProperties.RUN_SIGNALLING_SERVER, true);
            property(SinkProperties.SIGNALLING_SERVER_HOST, host);
            return property(SinkProperties.SIGNALLING_SERVER_PORT, (long) port);
        }

        /**
         * Registers the elements if needed and makes the element.
         *
         * @throws IllegalArgumentException unknown variant, property or bad value (nothing is leaked)
         */
        public WebRTCSink build() {
            WebRTC.register();
            ElementType<WebRTCSinkElement> type = SinkElementTypes.byElementName(factoryName);
            if (type == null) {
                throw new IllegalArgumentException("no webrtcsink variant '" + factoryName + "' (is its signaller module on the class path?)");
            }
            Element element = ElementFactory.make(factoryName, name);
            WebRTCSink sink = new WebRTCSink(element);
            if (signaller != null) {
                try (InstanceRef<SignallerObject> object = SignallerObject.wrap(signallerFactory, signaller)) {
                    sink.sink.set(SinkProperties.SIGNALLER, object.pointer());
                }
            }
            properties.forEach(sink.sink::set);
            SignallerObject s = sink.sink.signallerObject();
            signallerProperties.forEach(s::set);
            return sink;
        }
    }
}
