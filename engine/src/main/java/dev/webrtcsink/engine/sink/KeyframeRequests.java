package dev.webrtcsink.engine.sink;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.glib.Natives;

/**
 * Asks an encoder for a key frame by sending the standard upstream force-key-unit event
 * (a custom upstream event with a {@code GstForceKeyUnit} structure, what
 * {@code gst_video_event_new_upstream_force_key_unit} builds) from a chain's output pad.
 * gst1-java-core has no binding for custom events, hence the two native calls.
 */
final class KeyframeRequests {

    /** GST_EVENT_CUSTOM_UPSTREAM = GST_EVENT_MAKE_TYPE (256, UPSTREAM). */
    private static final int CUSTOM_UPSTREAM = (256 << 8) | 1;

    private interface Lib extends Library {
        Lib I = Native.load("gstreamer-1.0", Lib.class);

        Pointer gst_structure_from_string(String text, Pointer end);

        Pointer gst_event_new_custom(int type, Pointer structure);

        boolean gst_pad_send_event(Pointer pad, Pointer event);
    }

    private KeyframeRequests() {}

    /** Sends force-key-unit (all headers) upstream from {@code srcPad}; returns whether someone handled it. */
    static boolean request(Pad srcPad) {
        Pointer structure = Lib.I.gst_structure_from_string(
                "GstForceKeyUnit, all-headers=(boolean)true, count=(uint)0, running-time=(guint64)18446744073709551615", null);
        Pointer event = Lib.I.gst_event_new_custom(CUSTOM_UPSTREAM, structure); // takes the structure
        return Lib.I.gst_pad_send_event(Natives.getRawPointer(srcPad), event);    // takes the event
    }
}
