package dev.webrtcsink.engine.natives;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * JNA bindings of the few GLib and GObject functions the engine calls. GType is a 64-bit {@code long}
 * ({@link NativeSupport#requireSupportedPlatform()} refuses other data models).
 */
public interface GLib extends Library {
    GLib LIB = Native.load("glib-2.0", GLib.class);

    void g_free(Pointer p);
    int g_quark_from_string(String s);
    Pointer g_error_new_literal(int domain, int code, String message);
    void g_error_free(Pointer error);
    Pointer g_strdup(String s);
    /** Sets *error (a GError**) if it is not NULL. */
    void g_set_error_literal(Pointer error, int domain, int code, String message);

    interface LogFunc extends Callback {
        void invoke(String domain, int level, String message, Pointer data);
    }
    int g_log_set_handler(String domain, int levels, LogFunc func, Pointer data);
    void g_log_remove_handler(String domain, int handlerId);
}
