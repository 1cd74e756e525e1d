package dev.webrtcsink.engine.codec;

import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Version;

/** Initialises GStreamer once per test JVM. */
public final class GstInit {
    private static boolean done;

    private GstInit() {}

    public static synchronized void ensure() {
        if (!done) {
            Gst.init(Version.of(1, 16), "engine-tests");
            done = true;
        }
    }
}
