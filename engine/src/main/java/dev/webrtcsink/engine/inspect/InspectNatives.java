package dev.webrtcsink.engine.inspect;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * The GLib/GStreamer introspection calls the inspector needs that {@code natives} does not bind. Kept here, not in
 * {@code natives}, because nothing but the inspector reads registries, param specs or signal tables.
 */
interface InspectNatives extends Library {
    InspectNatives GST = Native.load("gstreamer-1.0", InspectNatives.class);
    InspectNatives GOBJECT = Native.load("gobject-2.0", InspectNatives.class);
    InspectNatives GLIB = Native.load("glib-2.0", InspectNatives.class);

    // ---- registry and factories (GST)
    Pointer gst_registry_get();
    /** GList of referenced features; free with gst_plugin_feature_list_free. */
    Pointer gst_registry_get_feature_list(Pointer registry, long featureType);
    void gst_plugin_feature_list_free(Pointer list);
    Pointer gst_registry_get_feature_list_by_plugin(Pointer registry, String plugin);
    /** GList of GstStaticPadTemplate, owned by the factory. */
    Pointer gst_element_factory_get_static_pad_templates(Pointer factory);
    Pointer gst_static_pad_template_get_caps(Pointer template);
    long gst_element_factory_get_type();
    long gst_uri_handler_get_type();
    Pointer gst_plugin_feature_get_plugin(Pointer feature);
    int gst_plugin_feature_get_rank(Pointer feature);
    String gst_element_factory_get_metadata(Pointer factory, String key);
    Pointer gst_element_factory_get_metadata_keys(Pointer factory);
    String gst_plugin_get_name(Pointer plugin);
    String gst_plugin_get_description(Pointer plugin);
    String gst_plugin_get_filename(Pointer plugin);
    String gst_plugin_get_version(Pointer plugin);
    String gst_plugin_get_license(Pointer plugin);
    String gst_plugin_get_source(Pointer plugin);
    String gst_plugin_get_package(Pointer plugin);
    String gst_plugin_get_origin(Pointer plugin);
    String gst_plugin_get_release_date_string(Pointer plugin);

    // ---- element instances and pads (GST)
    /** GList of GstPadTemplate, owned by the class. */
    Pointer gst_element_class_get_pad_template_list(Pointer elementClass);
    Pointer gst_element_iterate_pads(Pointer element);
    int gst_iterator_next(Pointer iterator, Pointer gvalue);
    void gst_iterator_free(Pointer iterator);
    void gst_iterator_resync(Pointer iterator);
    int gst_pad_get_direction(Pointer pad);
    Pointer gst_pad_get_pad_template(Pointer pad);
    int gst_uri_handler_get_uri_type(Pointer handler);
    Pointer gst_uri_handler_get_protocols(Pointer handler);
    int gst_child_proxy_get_children_count(Pointer proxy);
    Pointer gst_child_proxy_get_child_by_index(Pointer proxy, int index);
    Pointer gst_child_proxy_get_child_by_name(Pointer proxy, String name);

    // ---- caps and values (GST)
    boolean gst_caps_is_any(Pointer caps);
    boolean gst_caps_is_empty(Pointer caps);
    int gst_caps_get_size(Pointer caps);
    Pointer gst_caps_get_structure(Pointer caps, int index);
    Pointer gst_caps_get_features(Pointer caps, int index);
    Pointer gst_caps_features_to_string(Pointer features);
    Pointer gst_value_get_caps(Pointer gvalue);
    Pointer gst_value_get_structure(Pointer gvalue);
    int gst_value_get_fraction_numerator(Pointer gvalue);
    int gst_value_get_fraction_denominator(Pointer gvalue);
    long gst_fraction_get_type();
    long gst_value_array_get_type();
    long gst_param_spec_fraction_get_type();
    long gst_param_spec_array_get_type();

    // ---- types, classes, param specs (GOBJECT)
    Pointer g_type_interfaces(long type, IntByReference count);
    Pointer g_object_class_list_properties(Pointer klass, IntByReference count);
    String g_param_spec_get_blurb(Pointer pspec);
    Pointer g_param_spec_get_default_value(Pointer pspec);
    Pointer g_value_init(Pointer value, long type);
    void g_value_copy(Pointer src, Pointer dest);
    long g_value_get_gtype(Pointer value);
    long g_value_array_get_type();

    // ---- signals (GOBJECT)
    Pointer g_signal_list_ids(long type, IntByReference count);

    // ---- memory (GLIB)
    void g_free(Pointer p);
    void g_strfreev(Pointer strv);
}
