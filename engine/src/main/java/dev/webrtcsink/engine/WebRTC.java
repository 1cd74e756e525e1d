package dev.webrtcsink.engine;

import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Version;

/**
 * The one entry point applications call before using our elements: initialises GStreamer
 * (when the application has not) and registers every element factory this SDK provides.
 * Idempotent and thread-safe.
 */
public final class WebRTC {
    private static boolean registered;

    private WebRTC() {}

    /** Initialises GStreamer if needed and registers our elements; safe to call repeatedly. */
    public static synchronized void register() {
        if (!Gst.isInitialized()) {
            Gst.init(Version.of(1, 16), "webrtcsink-java");
        }
        if (registered) {
            return;
        }
        // Element types are registered here as the element layer provides them.
        registered = true;
    }
}
