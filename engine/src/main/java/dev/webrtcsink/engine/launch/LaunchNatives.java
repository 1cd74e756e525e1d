package dev.webrtcsink.engine.launch;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/** The few GStreamer calls the launcher needs that gst1-java-core does not offer. */
interface LaunchNatives extends Library {
    LaunchNatives GST = Native.load("gstreamer-1.0", LaunchNatives.class);
    LaunchNatives GOBJECT = Native.load("gobject-2.0", LaunchNatives.class);
    LaunchNatives GLIB = Native.load("glib-2.0", LaunchNatives.class);

    /** G_TYPE_STRING: fundamental type 16, shifted as GLib does. */
    long G_TYPE_STRING = 16L << 2;

    long gst_element_add_property_deep_notify_watch(Pointer element, String propertyName, boolean includeValue);

    void gst_message_parse_property_notify(Pointer message, PointerByReference object,
                                           PointerByReference propertyName, PointerByReference value);

    Pointer gst_object_get_path_string(Pointer object);

    Pointer gst_value_serialize(Pointer value);

    void gst_message_parse_error(Pointer message, PointerByReference gerror, PointerByReference debug);

    void gst_message_parse_warning(Pointer message, PointerByReference gerror, PointerByReference debug);

    void g_error_free(Pointer gerror);

    String g_value_get_string(Pointer value);

    void g_free(Pointer mem);
}
