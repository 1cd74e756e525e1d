package dev.webrtcsink.engine.natives;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.DoubleByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;

/** JNA bindings of libgstreamer-1.0 functions that gst1-java-core lacks or binds unsafely. */
public interface GstLib extends Library {
    GstLib LIB = Native.load("gstreamer-1.0", GstLib.class);

    boolean gst_is_initialized();
    long gst_object_get_type();
    long gst_element_get_type();
    long gst_bin_get_type();
    long gst_pad_get_type();
    long gst_ghost_pad_get_type();
    long gst_child_proxy_get_type();
    long gst_uri_handler_get_type();
    int gst_uri_error_quark();
    long gst_caps_get_type();
    long gst_structure_get_type();
    long gst_promise_get_type();
    long gst_value_array_get_type();
    int gst_value_array_get_size(Pointer value);
    Pointer gst_value_array_get_value(Pointer value, int index);
    void gst_value_array_append_value(Pointer value, Pointer appended);
    Pointer gst_param_spec_array(String name, String nick, String blurb, Pointer elementSpec, int flags);

    // ---- objects, elements, pads
    Pointer gst_object_ref(Pointer o);
    Pointer gst_object_ref_sink(Pointer o);
    void gst_object_unref(Pointer o);
    Pointer gst_object_get_name(Pointer o);
    boolean gst_element_register(Pointer plugin, String name, int rank, long type);
    Pointer gst_element_factory_find(String name);
    Pointer gst_plugin_feature_load(Pointer feature);
    long gst_element_factory_get_element_type(Pointer factory);
    Pointer gst_element_factory_make(String factory, String name);
    Pointer gst_pad_template_new(String nameTemplate, int direction, int presence, Pointer caps);
    Pointer gst_pad_template_new_with_gtype(String nameTemplate, int direction, int presence, Pointer caps, long padType);
    void gst_element_class_add_pad_template(Pointer klass, Pointer templ);
    Pointer gst_element_class_get_pad_template(Pointer klass, String name);
    void gst_element_class_set_metadata(Pointer klass, String longname, String classification, String description, String author);
    Pointer gst_ghost_pad_new_from_template(String name, Pointer target, Pointer templ);
    Pointer gst_ghost_pad_new_no_target_from_template(String name, Pointer templ);
    boolean gst_ghost_pad_set_target(Pointer ghost, Pointer target);
    boolean gst_pad_set_active(Pointer pad, boolean active);
    boolean gst_element_add_pad(Pointer el, Pointer pad);
    boolean gst_element_remove_pad(Pointer el, Pointer pad);
    boolean gst_element_post_message(Pointer el, Pointer message);
    Pointer gst_message_new_error(Pointer src, Pointer error, String debug);
    Pointer gst_message_new_warning(Pointer src, Pointer error, String debug);
    Pointer gst_message_new_element(Pointer src, Pointer structure);
    Pointer gst_message_new_eos(Pointer src);
    int gst_core_error_quark();
    int gst_library_error_quark();
    int gst_resource_error_quark();
    int gst_stream_error_quark();

    // ---- caps and structures
    Pointer gst_caps_from_string(String s);
    Pointer gst_caps_to_string(Pointer caps);
    void gst_mini_object_unref(Pointer o);
    Pointer gst_structure_from_string(String s, Pointer end);
    Pointer gst_structure_to_string(Pointer s);
    Pointer gst_structure_copy(Pointer s);
    void gst_structure_free(Pointer s);
    String gst_structure_get_name(Pointer s);
    int gst_structure_n_fields(Pointer s);
    String gst_structure_nth_field_name(Pointer s, int i);
    boolean gst_structure_has_field(Pointer s, String field);
    long gst_structure_get_field_type(Pointer s, String field);
    Pointer gst_structure_get_value(Pointer s, String field);
    String gst_structure_get_string(Pointer s, String field);
    boolean gst_structure_get_boolean(Pointer s, String field, IntByReference v);
    boolean gst_structure_get_int(Pointer s, String field, IntByReference v);
    boolean gst_structure_get_uint(Pointer s, String field, IntByReference v);
    boolean gst_structure_get_int64(Pointer s, String field, LongByReference v);
    boolean gst_structure_get_uint64(Pointer s, String field, LongByReference v);
    boolean gst_structure_get_double(Pointer s, String field, DoubleByReference v);
    Pointer gst_value_serialize(Pointer gvalue);
    /** Sets a property from its string form (gst_value_deserialize rules, e.g. {@code <1, 2>} for arrays). */
    void gst_util_set_object_arg(Pointer object, String name, String value);
    /** A new reference to the child called {@code name}, or null. */
    Pointer gst_bin_get_by_name(Pointer bin, String name);

    // ---- promises
    interface PromiseChangeFunc extends Callback {
        void invoke(Pointer promise, Pointer data);
    }
    interface DestroyNotify extends Callback {
        void invoke(Pointer data);
    }
    Pointer gst_promise_new_with_change_func(PromiseChangeFunc func, Pointer data, DestroyNotify notify);
    int gst_promise_wait(Pointer promise);
    Pointer gst_promise_get_reply(Pointer promise);
    void gst_promise_interrupt(Pointer promise);

    // ---- pad event functions (events only: never per buffer)
    interface PadEventFunction extends Callback {
        /** GstPadEventFunction: takes ownership of {@code event}. */
        boolean invoke(Pointer pad, Pointer parent, Pointer event);
    }
    void gst_pad_set_event_function_full(Pointer pad, PadEventFunction event, Pointer userData, Pointer notify);
    /** Takes ownership of {@code event}; a ghost pad's default forwards to its target. */
    boolean gst_pad_event_default(Pointer pad, Pointer parent, Pointer event);
    Pointer gst_event_new_caps(Pointer caps);
    Pointer gst_event_new_eos();
    Pointer gst_event_new_stream_start(String streamId);
    Pointer gst_event_new_flush_stop(boolean resetTime);
    /** The caps are borrowed from the event. */
    void gst_event_parse_caps(Pointer event, com.sun.jna.ptr.PointerByReference caps);
    void gst_bin_set_suppressed_flags(Pointer bin, int flags);

    // ---- pad probes (tests and diagnostics only: never per-buffer in product code)
    interface PadProbeCallback extends Callback {
        int invoke(Pointer pad, Pointer info, Pointer data);
    }
    NativeLong gst_pad_add_probe(Pointer pad, int mask, PadProbeCallback cb, Pointer data, Pointer destroy);
    void gst_pad_remove_probe(Pointer pad, NativeLong id);

}
