package dev.webrtcsink.engine.gst;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.glib.Natives;

/**
 * Asks for a key frame by sending the standard upstream force-key-unit event (a custom upstream
 * event with a {@code GstForceKeyUnit} structure, what {@code gst_video_event_new_upstream_force_key_unit}
 * builds) from a src pad. From an encoder chain's output pad it reaches the encoder; from a
 * webrtcbin src pad it reaches the RTP session, which sends the remote sender a PLI/FIR.
 * gst1-java-core has no binding for custom events, hence the native calls.
 */
public final class KeyframeRequests {
    /** GST_CLOCK_TIME_NONE: as soon as possible. */
    private static final long ASAP = -1L;

    private interface VideoLib extends Library {
        VideoLib I = Native.load("gstvideo-1.0", VideoLib.class);

        Pointer gst_video_event_new_upstream_force_key_unit(long runningTime, boolean allHeaders, int count);
    }

    private interface Lib extends Library {
        Lib I = Native.load("gstreamer-1.0", Lib.class);

        boolean gst_pad_send_event(Pointer pad, Pointer event);
    }

    private KeyframeRequests() {}

    /** Sends force-key-unit (all headers) upstream from {@code srcPad}; returns whether someone handled it. */
    public static boolean request(Pad srcPad) {
        // the library builds the event: the custom-upstream type number is not (256 << 8 | 1), as we once assumed
        Pointer event = VideoLib.I.gst_video_event_new_upstream_force_key_unit(ASAP, true, 0);
        return Lib.I.gst_pad_send_event(Natives.getRawPointer(srcPad), event); // takes the event
    }
}
