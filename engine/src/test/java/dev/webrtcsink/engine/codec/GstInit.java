package dev.webrtcsink.engine.codec;

import dev.webrtcsink.engine.testing.GstTesting;

/** Initialises GStreamer once per test JVM (the older name of {@link GstTesting#init()}). */
public final class GstInit {
    private GstInit() {}

    public static void ensure() {
        GstTesting.init();
    }
}
