package dev.webrtcsink.engine.element;

import dev.webrtcsink.engine.natives.GstLib;

/** GStreamer's error domains for bus error and warning messages. Code 1 is FAILED in every domain. */
public enum ErrorDomain {
    CORE, LIBRARY, RESOURCE, STREAM;

    /** The generic "failed" code of every domain. */
    public static final int FAILED = 1;

    int quark() {
        return switch (this) {
            case CORE -> GstLib.LIB.gst_core_error_quark();
            case LIBRARY -> GstLib.LIB.gst_library_error_quark();
            case RESOURCE -> GstLib.LIB.gst_resource_error_quark();
            case STREAM -> GstLib.LIB.gst_stream_error_quark();
        };
    }
}
