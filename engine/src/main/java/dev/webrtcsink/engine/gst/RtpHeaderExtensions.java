package dev.webrtcsink.engine.gst;

import com.sun.jna.Pointer;
import dev.webrtcsink.engine.natives.GstLib;
import dev.webrtcsink.engine.natives.GstWebRtcLibs;
import dev.webrtcsink.engine.natives.Signals;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.glib.Natives;

/** RTP header extensions on payloaders (webrtcsink.md §10.2), through rtpbasepayload's {@code add-extension}. */
public final class RtpHeaderExtensions {
    /** Transport-wide congestion control sequence numbers. */
    public static final String TWCC_URI = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    private RtpHeaderExtensions() {}

    /**
     * Makes the payloader write the extension with this id. The payloader then announces it in its caps
     * ({@code extmap-<id>}), which is how the RTP session learns which extension carries the TWCC sequence numbers.
     *
     * @throws IllegalStateException when no installed element implements the URI (gst-plugins-good rtpmanager)
     */
    public static void add(Element payloader, String uri, int id) {
        Pointer ext = GstWebRtcLibs.Rtp.LIB.gst_rtp_header_extension_create_from_uri(uri);
        if (ext == null) {
            throw new IllegalStateException("cannot create the RTP header extension " + uri
                    + ": make sure 'gst-plugins-good:rtpmanager' is installed");
        }
        GstLib.LIB.gst_object_ref_sink(ext); // own it plainly; the payloader takes its own reference
        try {
            GstWebRtcLibs.Rtp.LIB.gst_rtp_header_extension_set_id(ext, id);
            Signals.emit(Natives.getRawPointer(payloader), "add-extension", ext);
        } finally {
            GstLib.LIB.gst_object_unref(ext);
        }
    }
}
