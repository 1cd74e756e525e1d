package dev.webrtcsink.engine.signalling;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.engine.natives.GstWebRtcLibs;
import dev.webrtcsink.engine.natives.NativeSupport;

/**
 * Converts {@link SessionDescription}s to and from native GstWebRTCSessionDescriptions for signals that carry them
 * (e.g. {@code munge-session-description}). Read in place: gst1-java-core's WebRTCSessionDescription double-frees.
 */
final class NativeSessionDescriptions {
    /** GstWebRTCSDPType values are the Java enum ordinal + 1 (offer=1 ... rollback=4). */
    private NativeSessionDescriptions() {}

    /** A new native description owned by the caller (free with {@link #free}). */
    static Pointer toNative(SessionDescription description) {
        PointerByReference message = new PointerByReference();
        int parse = GstWebRtcLibs.Sdp.LIB.gst_sdp_message_new_from_text(description.sdp(), message);
        if (parse != 0 || message.getValue() == null) {
            throw new IllegalArgumentException("not parseable as SDP (GstSDPResult " + parse + ")");
        }
        return GstWebRtcLibs.WebRtc.LIB.gst_webrtc_session_description_new(
                description.type().ordinal() + 1, message.getValue());
    }

    /** Reads a borrowed native description: {@code { GstWebRTCSDPType type; GstSDPMessage *sdp; }}. */
    static SessionDescription fromNative(Pointer description) {
        int type = description.getInt(0);
        SessionDescription.Type[] types = SessionDescription.Type.values();
        if (type < 1 || type > types.length) {
            throw new IllegalArgumentException("unknown GstWebRTCSDPType " + type);
        }
        String sdp = NativeSupport.takeString(GstWebRtcLibs.Sdp.LIB.gst_sdp_message_as_text(description.getPointer(8)));
        return new SessionDescription(types[type - 1], sdp);
    }

    static void free(Pointer description) {
        if (description != null) {
            GstWebRtcLibs.WebRtc.LIB.gst_webrtc_session_description_free(description);
        }
    }
}
