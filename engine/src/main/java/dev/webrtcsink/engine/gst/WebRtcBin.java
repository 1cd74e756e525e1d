package dev.webrtcsink.engine.gst;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.webrtcsink.engine.natives.GObjectLib;
import dev.webrtcsink.engine.natives.GstWebRtcLibs;
import dev.webrtcsink.engine.natives.NativeSupport;
import dev.webrtcsink.engine.natives.ObjectProperties;
import dev.webrtcsink.engine.natives.SignalConnection;
import dev.webrtcsink.engine.natives.Signals;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.glib.Natives;

/**
 * webrtcbin's action signals and notifications through raw JNA, with SDP as text. Holds a reference to the
 * webrtcbin until {@link #close()}.
 *
 * <p>Threading: {@link #createOffer}, {@link #createAnswer}, {@link #setLocalDescription},
 * {@link #setRemoteDescription} and {@link #getStats} block until webrtcbin answers; call them from your own
 * thread (an element's control executor), never from a webrtcbin signal handler. Handlers registered here run on
 * webrtcbin's threads.
 */
public final class WebRtcBin implements AutoCloseable {
    private final Pointer webrtcbin;
    private boolean closed;

    private WebRtcBin(Pointer webrtcbin) {
        this.webrtcbin = GObjectLib.LIB.g_object_ref(webrtcbin);
    }

    /** Wraps a borrowed webrtcbin pointer (adds a reference). */
    public static WebRtcBin of(Pointer webrtcbin) {
        return new WebRtcBin(webrtcbin);
    }

    public static WebRtcBin of(Element webrtcbin) {
        return new WebRtcBin(Natives.getRawPointer(webrtcbin));
    }

    public Pointer pointer() {
        return webrtcbin;
    }

    // ------------------------------------------------------------------ offer / answer

    /** create-offer; returns the offer's SDP text. */
    public String createOffer(Duration timeout) throws InterruptedException, TimeoutException {
        return create("create-offer", "offer", timeout);
    }

    /** create-answer (after a remote offer was set); returns the answer's SDP text. */
    public String createAnswer(Duration timeout) throws InterruptedException, TimeoutException {
        return create("create-answer", "answer", timeout);
    }

    private String create(String signal, String field, Duration timeout) throws InterruptedException, TimeoutException {
        try (GstPromise promise = GstPromise.create()) {
            Signals.emit(webrtcbin, signal, (Object) null, promise.pointer());
            GstPromise.Result result = promise.await(timeout);
            Pointer reply = promise.reply();
            if (result != GstPromise.Result.REPLIED || reply == null) {
                throw new WebRtcException(signal + " was not answered: " + result);
            }
            StructureReader r = new StructureReader(reply);
            r.errorMessage("error").ifPresent(msg -> {
                throw new WebRtcException(signal + " failed: " + msg);
            });
            Pointer gvalue = dev.webrtcsink.engine.natives.GstLib.LIB.gst_structure_get_value(reply, field);
            if (gvalue == null) {
                throw new WebRtcException(signal + " reply has no '" + field + "': " + r);
            }
            // GstWebRTCSessionDescription { GstWebRTCSDPType type; GstSDPMessage *sdp; } borrowed from the reply
            Pointer description = GObjectLib.LIB.g_value_get_boxed(gvalue);
            Pointer sdp = description.getPointer(8);
            return NativeSupport.takeString(GstWebRtcLibs.Sdp.LIB.gst_sdp_message_as_text(sdp));
        }
    }

    public void setLocalDescription(SdpType type, String sdp, Duration timeout) throws InterruptedException, TimeoutException {
        setDescription("set-local-description", type, sdp, timeout);
    }

    public void setRemoteDescription(SdpType type, String sdp, Duration timeout) throws InterruptedException, TimeoutException {
        setDescription("set-remote-description", type, sdp, timeout);
    }

    private void setDescription(String signal, SdpType type, String sdpText, Duration timeout)
            throws InterruptedException, TimeoutException {
        // gst_sdp_message_new_from_text accepts almost anything; at least demand an SDP's first line
        if (sdpText == null || !sdpText.startsWith("v=0")) {
            throw new IllegalArgumentException("not an SDP (must start with v=0): "
                    + (sdpText == null ? null : sdpText.substring(0, Math.min(40, sdpText.length()))));
        }
        PointerByReference message = new PointerByReference();
        int parse = GstWebRtcLibs.Sdp.LIB.gst_sdp_message_new_from_text(sdpText, message);
        if (parse != 0 || message.getValue() == null) {
            throw new IllegalArgumentException("not parseable as SDP (GstSDPResult " + parse + ")");
        }
        Pointer description = GstWebRtcLibs.WebRtc.LIB.gst_webrtc_session_description_new(type.nativeValue, message.getValue());
        try (GstPromise promise = GstPromise.create()) {
            Signals.emit(webrtcbin, signal, description, promise.pointer()); // the signal copies the description
            GstPromise.Result result = promise.await(timeout);
            if (result != GstPromise.Result.REPLIED) {
                throw new WebRtcException(signal + " was not answered: " + result);
            }
            Pointer reply = promise.reply();
            if (reply != null) {
                new StructureReader(reply).errorMessage("error").ifPresent(msg -> {
                    throw new WebRtcException(signal + " failed: " + msg);
                });
            }
        } finally {
            GstWebRtcLibs.WebRtc.LIB.gst_webrtc_session_description_free(description);
        }
    }

    // ------------------------------------------------------------------ ICE

    public void addIceCandidate(int mlineIndex, String candidate) {
        Signals.emit(webrtcbin, "add-ice-candidate", (long) mlineIndex, candidate);
    }

    /** A handler of on-ice-candidate(mline, candidate); runs on webrtcbin's thread. */
    public interface IceCandidateHandler {
        void onIceCandidate(int mlineIndex, String candidate);
    }

    public SignalConnection onIceCandidate(IceCandidateHandler handler) {
        return Signals.connect(webrtcbin, "on-ice-candidate", false, args -> {
            handler.onIceCandidate(((Number) args[1]).intValue(), (String) args[2]);
            return null;
        });
    }

    /** on-negotiation-needed; runs on webrtcbin's thread: hop to your executor before creating an offer. */
    public SignalConnection onNegotiationNeeded(Runnable handler) {
        return Signals.connect(webrtcbin, "on-negotiation-needed", false, args -> {
            handler.run();
            return null;
        });
    }

    // ------------------------------------------------------------------ transceivers and data channels

    /**
     * add-transceiver with codec preferences (caps text, e.g. with {@code extmap-N=<uri>} fields); returns an owned
     * reference to the transceiver (release with g_object_unref), so its properties (do-nack, fec-type) can be set.
     */
    public Pointer addTransceiver(TransceiverDirection direction, String codecPreferences) {
        Pointer transceiver = (Pointer) Signals.emit(webrtcbin, "add-transceiver", direction.nativeValue, codecPreferences);
        if (transceiver == null) {
            throw new WebRtcException("add-transceiver refused " + direction + " " + codecPreferences);
        }
        return transceiver;
    }

    /**
     * create-data-channel; webrtcbin must be in READY or later.
     *
     * @param options a GstStructure text such as {@code "config, ordered=(boolean)true"}, or null
     */
    public DataChannel createDataChannel(String label, String options) {
        Pointer channel = (Pointer) Signals.emit(webrtcbin, "create-data-channel", label, options);
        if (channel == null) {
            throw new WebRtcException("create-data-channel '" + label + "' refused (is webrtcbin in READY or later?)");
        }
        return new DataChannel(channel);
    }

    /** on-data-channel; the handler gets its own reference (close it when done). */
    public SignalConnection onDataChannel(Consumer<DataChannel> handler) {
        return Signals.connect(webrtcbin, "on-data-channel", false, args -> {
            handler.accept(DataChannel.borrow((Pointer) args[1]));
            return null;
        });
    }

    // ------------------------------------------------------------------ stats and configuration

    /** get-stats for all pads; the caller closes the report. */
    public StatsReport getStats(Duration timeout) throws InterruptedException, TimeoutException {
        try (GstPromise promise = GstPromise.create()) {
            Signals.emit(webrtcbin, "get-stats", null, promise.pointer());
            GstPromise.Result result = promise.await(timeout);
            Pointer reply = promise.reply();
            if (result != GstPromise.Result.REPLIED || reply == null) {
                throw new WebRtcException("get-stats was not answered: " + result);
            }
            return new StatsReport(dev.webrtcsink.engine.natives.GstLib.LIB.gst_structure_copy(reply));
        }
    }

    /**
     * Turns off libnice's UPnP port mapping (on by default in Debian's libnice, which then sends SSDP discovery to
     * the LAN). Do it on every webrtcbin, product and tests.
     */
    public void disableUpnp() {
        Pointer ice = ObjectProperties.getObject(webrtcbin, "ice-agent");
        try {
            Pointer agent = ObjectProperties.getObject(ice, "agent");
            try {
                ObjectProperties.set(agent, "upnp", false);
            } finally {
                GObjectLib.LIB.g_object_unref(agent);
            }
        } finally {
            GObjectLib.LIB.g_object_unref(ice);
        }
    }

    /** Sets a webrtcbin property (e.g. "stun-server" to null, "bundle-policy"). */
    public void set(String property, Object value) {
        ObjectProperties.set(webrtcbin, property, value);
    }

    public Object get(String property) {
        return ObjectProperties.get(webrtcbin, property);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            GObjectLib.LIB.g_object_unref(webrtcbin);
        }
    }
}
