package dev.webrtcsink.engine.natives;

import com.sun.jna.Callback;
import com.sun.jna.CallbackThreadInitializer;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Small rules every native call site follows: platform check, callback lifetime, owned strings. */
public final class NativeSupport {
    private NativeSupport() {}

    /**
     * Callbacks handed to native code are referenced from here forever. A collected JNA callback leaves a
     * dangling function pointer in a class struct or closure, which crashes the JVM much later.
     */
    private static final List<Callback> KEPT = new CopyOnWriteArrayList<>();

    /**
     * Keeps {@code callback} reachable for the life of the JVM and lets native threads that call it stay attached
     * as daemon threads (attaching per call is slow and creates a new Java thread object each time).
     */
    public static <T extends Callback> T keep(T callback, String threadName) {
        Native.setCallbackThreadInitializer(callback, new CallbackThreadInitializer(true, false, threadName));
        KEPT.add(callback);
        return callback;
    }

    /** Everything here assumes LP64 (GType and pointers are 8 bytes); fail loudly elsewhere. */
    public static void requireSupportedPlatform() {
        if (Native.POINTER_SIZE != 8 || Native.LONG_SIZE != 8) {
            throw new UnsupportedOperationException("webrtcsink engine needs a 64-bit LP64 platform (pointer size "
                    + Native.POINTER_SIZE + ", long size " + Native.LONG_SIZE + ")");
        }
        if (!GstLib.LIB.gst_is_initialized()) {
            throw new IllegalStateException("GStreamer is not initialised: call Gst.init() first");
        }
    }

    /** Copies a g_malloc'd C string into Java and frees it; null-safe. */
    public static String takeString(Pointer owned) {
        if (owned == null) {
            return null;
        }
        try {
            return owned.getString(0);
        } finally {
            GLib.LIB.g_free(owned);
        }
    }

    /** Reads a borrowed C string; null-safe. */
    public static String borrowString(Pointer borrowed) {
        return borrowed == null ? null : borrowed.getString(0);
    }

    /** The name of a GstObject (copied). */
    public static String objectName(Pointer gstObject) {
        return takeString(GstLib.LIB.gst_object_get_name(gstObject));
    }
}
