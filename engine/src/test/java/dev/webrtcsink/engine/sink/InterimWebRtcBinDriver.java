package dev.webrtcsink.engine.sink;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.webrtcsink.api.IceCandidate;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.engine.natives.GObjectLib;
import dev.webrtcsink.engine.natives.GValues;
import dev.webrtcsink.engine.natives.GstLib;
import dev.webrtcsink.engine.natives.GstWebRtcLibs;
import dev.webrtcsink.engine.natives.NativeSupport;
import dev.webrtcsink.engine.natives.SignalConnection;
import dev.webrtcsink.engine.natives.Signals;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.Promise;
import org.freedesktop.gstreamer.PromiseResult;
import org.freedesktop.gstreamer.glib.Natives;

/**
 * TEST-ONLY stand-in for the webrtcbin layer ({@code dev.webrtcsink.engine.gst}), which was not
 * on the {@code engine} branch yet when these tests were written. It uses the shared
 * {@code natives} bindings and the spike's safe patterns (raw promise replies, no
 * gst1-java-core session descriptions). Replace with an adapter over {@code engine.gst} once
 * that lands; the controller only sees {@link WebRtcBinDriver}.
 */
final class InterimWebRtcBinDriver implements WebRtcBinDriver {

    private static final GObjectLib G = GObjectLib.LIB;
    private static final GstLib GST = GstLib.LIB;
    private static final String[] CONNECTION_STATES = {"new", "connecting", "connected", "disconnected", "failed", "closed"};
    private static final String[] ICE_STATES = {"new", "checking", "connected", "completed", "failed", "disconnected", "closed"};

    static Pointer ptr(Element e) {
        return Natives.getRawPointer(e);
    }

    // ---- GObject properties on raw pointers, typed through the param spec

    static Object getProperty(Pointer object, String name) {
        long type = propertyType(object, name);
        Pointer value = GValues.newValue(type);
        try {
            G.g_object_get_property(object, name, value);
            return GValues.read(value); // objects: borrowed, valid while their owner holds them
        } finally {
            GValues.unset(value);
        }
    }

    static void setProperty(Pointer object, String name, Object javaValue) {
        Pointer value = GValues.newValue(propertyType(object, name));
        try {
            GValues.write(value, javaValue);
            G.g_object_set_property(object, name, value);
        } finally {
            GValues.unset(value);
        }
    }

    static boolean hasProperty(Pointer object, String name) {
        return G.g_object_class_find_property(object.getPointer(0), name) != null;
    }

    private static long propertyType(Pointer object, String name) {
        Pointer pspec = G.g_object_class_find_property(object.getPointer(0), name);
        if (pspec == null) {
            throw new IllegalArgumentException("no property " + name);
        }
        // GParamSpec { GTypeInstance; const gchar *name; GParamFlags flags; GType value_type; ... }
        return pspec.getLong(3L * Native.POINTER_SIZE);
    }

    // ---- promises

    /** Waits for a promise and returns its reply as text, or throws with webrtcbin's error. */
    private static Pointer await(Promise promise, String what) {
        PromiseResult result = promise.waitResult();
        Pointer reply = GST.gst_promise_get_reply(Natives.getRawPointer(promise)); // borrowed
        if (result != PromiseResult.REPLIED) {
            throw new WebRtcException(what + ": promise " + result);
        }
        if (reply != null && GST.gst_structure_has_field(reply, "error")) {
            Pointer error = G.g_value_get_boxed(GST.gst_structure_get_value(reply, "error"));
            String message = error == null ? "unknown error" : error.getPointer(8).getString(0); // GError.message
            throw new WebRtcException(what + ": " + message);
        }
        return reply;
    }

    // ---- WebRtcBinDriver

    @Override
    public void prepare(Element webrtcbin) {
        Pointer iceAgent = (Pointer) getProperty(ptr(webrtcbin), "ice-agent");
        Pointer niceAgent = (Pointer) getProperty(iceAgent, "agent");
        setProperty(niceAgent, "upnp", false);
    }

    @Override
    public void addTurnServer(Element webrtcbin, String uri) {
        Signals.emit(ptr(webrtcbin), "add-turn-server", uri);
    }

    @Override
    public Pad requestSendPad(Element webrtcbin, SendTransceiver t) {
        Pad pad = webrtcbin.getRequestPad("sink_" + t.mlineIndex());
        if (pad == null) {
            throw new WebRtcException("webrtcbin refused pad sink_" + t.mlineIndex());
        }
        Pointer transceiver = (Pointer) getProperty(Natives.getRawPointer(pad), "transceiver");
        setProperty(transceiver, "direction", "sendonly");
        setProperty(transceiver, "codec-preferences", t.codecPreferences());
        setProperty(transceiver, "do-nack", t.doNack());
        if (t.fecUlpRed()) {
            setProperty(transceiver, "fec-type", "ulp-red");
        }
        if (t.msid() != null && hasProperty(Natives.getRawPointer(pad), "msid")) {
            setProperty(Natives.getRawPointer(pad), "msid", t.msid());
        }
        return pad;
    }

    @Override
    public void clearCodecPreferences(Pad webrtcPad) {
        Pointer transceiver = (Pointer) getProperty(Natives.getRawPointer(webrtcPad), "transceiver");
        setProperty(transceiver, "codec-preferences", null);
    }

    @Override
    public void setFecPercentage(Pad webrtcPad, int percentage) {
        Pointer transceiver = (Pointer) getProperty(Natives.getRawPointer(webrtcPad), "transceiver");
        setProperty(transceiver, "fec-percentage", (long) percentage);
    }

    @Override
    public String mid(Pad webrtcPad) {
        Pointer transceiver = (Pointer) getProperty(Natives.getRawPointer(webrtcPad), "transceiver");
        return (String) getProperty(transceiver, "mid");
    }

    @Override
    public String createOffer(Element webrtcbin) {
        return create(webrtcbin, "create-offer", "offer");
    }

    @Override
    public String createAnswer(Element webrtcbin) {
        return create(webrtcbin, "create-answer", "answer");
    }

    private static String create(Element webrtcbin, String signal, String field) {
        Promise promise = new Promise();
        try {
            Signals.emit(ptr(webrtcbin), signal, null, Natives.getRawPointer(promise));
            Pointer reply = await(promise, signal);
            if (reply == null || !GST.gst_structure_has_field(reply, field)) {
                throw new WebRtcException(signal + ": reply without an " + field);
            }
            Pointer description = G.g_value_get_boxed(GST.gst_structure_get_value(reply, field));
            Pointer sdp = description.getPointer(Native.POINTER_SIZE); // { type; GstSDPMessage *sdp; }
            return NativeSupport.takeString(GstWebRtcLibs.Sdp.LIB.gst_sdp_message_as_text(sdp));
        } finally {
            promise.dispose();
        }
    }

    @Override
    public void setLocalDescription(Element webrtcbin, SessionDescription d) {
        setDescription(webrtcbin, "set-local-description", d);
    }

    @Override
    public void setRemoteDescription(Element webrtcbin, SessionDescription d) {
        setDescription(webrtcbin, "set-remote-description", d);
    }

    private static void setDescription(Element webrtcbin, String signal, SessionDescription d) {
        PointerByReference message = new PointerByReference();
        if (GstWebRtcLibs.Sdp.LIB.gst_sdp_message_new_from_text(d.sdp(), message) != 0 || message.getValue() == null) {
            throw new WebRtcException(signal + ": unparsable SDP");
        }
        int type = switch (d.type()) {
            case OFFER -> 1;
            case PRANSWER -> 2;
            case ANSWER -> 3;
            case ROLLBACK -> 4;
        };
        Pointer description = GstWebRtcLibs.WebRtc.LIB.gst_webrtc_session_description_new(type, message.getValue());
        Promise promise = new Promise();
        try {
            Signals.emit(ptr(webrtcbin), signal, description, Natives.getRawPointer(promise)); // boxed arg is copied
            await(promise, signal);
        } finally {
            GstWebRtcLibs.WebRtc.LIB.gst_webrtc_session_description_free(description);
            promise.dispose();
        }
    }

    @Override
    public void addIceCandidate(Element webrtcbin, IceCandidate candidate) {
        Signals.emit(ptr(webrtcbin), "add-ice-candidate", (long) candidate.sdpMLineIndex(), candidate.candidate());
    }

    @Override
    public AutoCloseable onIceCandidate(Element webrtcbin, IceCandidateListener listener) {
        SignalConnection c = Signals.connect(ptr(webrtcbin), "on-ice-candidate", false, args -> {
            listener.onIceCandidate(((Number) args[1]).intValue(), (String) args[2]);
            return null;
        });
        return c::disconnect;
    }

    @Override
    public String connectionState(Element webrtcbin) {
        int v = ((Number) getProperty(ptr(webrtcbin), "connection-state")).intValue();
        return v >= 0 && v < CONNECTION_STATES.length ? CONNECTION_STATES[v] : "unknown";
    }

    @Override
    public String iceConnectionState(Element webrtcbin) {
        int v = ((Number) getProperty(ptr(webrtcbin), "ice-connection-state")).intValue();
        return v >= 0 && v < ICE_STATES.length ? ICE_STATES[v] : "unknown";
    }

    @Override
    public String stats(Element webrtcbin) {
        Promise promise = new Promise();
        try {
            Signals.emit(ptr(webrtcbin), "get-stats", null, Natives.getRawPointer(promise));
            Pointer reply = await(promise, "get-stats");
            return reply == null ? "application/x-webrtc-stats;" : NativeSupport.takeString(GST.gst_structure_to_string(reply));
        } finally {
            promise.dispose();
        }
    }
}
