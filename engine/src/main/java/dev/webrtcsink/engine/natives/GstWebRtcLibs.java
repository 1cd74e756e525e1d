package dev.webrtcsink.engine.natives;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * JNA bindings of libgstsdp-1.0 and libgstwebrtc-1.0 (SDP text in and out, session descriptions), and of the RTP
 * header extension calls of libgstrtp-1.0.
 */
public final class GstWebRtcLibs {
    private GstWebRtcLibs() {}

    public interface Sdp extends Library {
        Sdp LIB = Native.load("gstsdp-1.0", Sdp.class);
        /** Returns GST_SDP_OK (0) on success; the message is owned by the caller. */
        int gst_sdp_message_new_from_text(String text, PointerByReference message);
        Pointer gst_sdp_message_as_text(Pointer message);
        int gst_sdp_message_free(Pointer message);
    }

    public interface Rtp extends Library {
        Rtp LIB = Native.load("gstrtp-1.0", Rtp.class);
        /** A new (floating) extension element implementing the URI, or null when no installed element does. */
        Pointer gst_rtp_header_extension_create_from_uri(String uri);
        void gst_rtp_header_extension_set_id(Pointer ext, int id);
    }

    public interface WebRtc extends Library {
        WebRtc LIB = Native.load("gstwebrtc-1.0", WebRtc.class);
        long gst_webrtc_session_description_get_type();
        /** Takes ownership of {@code sdp}. */
        Pointer gst_webrtc_session_description_new(int type, Pointer sdp);
        void gst_webrtc_session_description_free(Pointer desc);
        long gst_webrtc_data_channel_get_type();
        long gst_webrtc_rtp_transceiver_get_type();
    }
}
