package dev.webrtcsink.engine.element;

import com.sun.jna.Pointer;
import dev.webrtcsink.engine.natives.GObjectLib;
import dev.webrtcsink.engine.natives.GstLib;
import dev.webrtcsink.engine.natives.NativeSupport;

/**
 * Byte offsets of the vfunc slots we write into GObject/GStreamer class structs (LP64, GLib 2.74, GStreamer 1.22).
 * They are hand-computed from the C headers, so {@link #verify()} checks them against the running libraries before
 * any type is registered: a different layout must stop us before we write a function pointer into the wrong slot.
 */
final class ClassLayout {
    private ClassLayout() {}

    private static final int P = 8;

    // GObjectClass: g_type_class, construct_properties, constructor, set_property, get_property, dispose, finalize...
    static final int OBJECT_SET_PROPERTY = 3 * P;
    static final int OBJECT_GET_PROPERTY = 4 * P;
    static final int OBJECT_FINALIZE = 6 * P;
    static final int OBJECT_CLASS_SIZE = 17 * P;                       // 136
    // GstObjectClass adds path_string_separator, deep_notify, _gst_reserved[4]
    static final int GST_OBJECT_CLASS_SIZE = OBJECT_CLASS_SIZE + 6 * P; // 184
    // GstElementClass: metadata, elementfactory, padtemplates, numpadtemplates + pad_templ_cookie (2 x int),
    // pad_added, pad_removed, no_more_pads, request_new_pad, release_pad, get_state, set_state, change_state, ...
    static final int ELEMENT_NUM_PAD_TEMPLATES = GST_OBJECT_CLASS_SIZE + 3 * P;   // 208
    static final int ELEMENT_REQUEST_NEW_PAD = GST_OBJECT_CLASS_SIZE + 7 * P;     // 240
    static final int ELEMENT_RELEASE_PAD = ELEMENT_REQUEST_NEW_PAD + P;           // 248
    static final int ELEMENT_CHANGE_STATE = ELEMENT_RELEASE_PAD + 3 * P;          // 272
    // ... state_changed, set_bus, provide_clock, set_clock, send_event, query, post_message, set_context,
    // _gst_reserved[GST_PADDING_LARGE - 2]
    static final int ELEMENT_CLASS_SIZE = ELEMENT_CHANGE_STATE + 9 * P + 18 * P;  // 480
    // GstBinClass adds pool, 8 vfuncs, _gst_reserved[GST_PADDING - 2]
    static final int BIN_CLASS_SIZE = ELEMENT_CLASS_SIZE + 11 * P;                // 568
    // GstChildProxyInterface: GTypeInterface (g_type, g_instance_type), get_child_by_name, get_child_by_index, ...
    static final int CHILD_PROXY_GET_CHILD_BY_NAME = 2 * P;
    static final int CHILD_PROXY_GET_CHILDREN_COUNT = 4 * P;

    private static volatile boolean verified;

    /** Checks the layout once per JVM; throws {@link IllegalStateException} naming the first mismatch. */
    static synchronized void verify() {
        if (verified) {
            return;
        }
        NativeSupport.requireSupportedPlatform();
        GObjectLib g = GObjectLib.LIB;
        GstLib gst = GstLib.LIB;
        expectClassSize("GObject", g.g_type_from_name("GObject"), OBJECT_CLASS_SIZE);
        expectClassSize("GstObject", gst.gst_object_get_type(), GST_OBJECT_CLASS_SIZE);
        expectClassSize("GstElement", gst.gst_element_get_type(), ELEMENT_CLASS_SIZE);
        expectClassSize("GstBin", gst.gst_bin_get_type(), BIN_CLASS_SIZE);

        // Sizes can match by accident; also read fields whose values we know.
        Pointer binClass = g.g_type_class_ref(gst.gst_bin_get_type());
        try {
            expect(binClass.getLong(0) == gst.gst_bin_get_type(), "GTypeClass.g_type of GstBinClass");
            expect(binClass.getPointer(OBJECT_SET_PROPERTY) != null, "GObjectClass.set_property of GstBin");
            expect(binClass.getPointer(OBJECT_FINALIZE) != null, "GObjectClass.finalize of GstBin");
            expect(binClass.getPointer(ELEMENT_REQUEST_NEW_PAD) == null, "GstElementClass.request_new_pad of GstBin (unset)");
            expect(binClass.getPointer(ELEMENT_CHANGE_STATE) != null, "GstElementClass.change_state of GstBin");
        } finally {
            g.g_type_class_unref(binClass);
        }
        Pointer factory = gst.gst_element_factory_find("identity");
        if (factory != null) {
            Pointer loaded = gst.gst_plugin_feature_load(factory);
            Pointer identityClass = g.g_type_class_ref(gst.gst_element_factory_get_element_type(loaded));
            try {
                expect(identityClass.getInt(ELEMENT_NUM_PAD_TEMPLATES) == 2, "GstElementClass.numpadtemplates of identity");
            } finally {
                g.g_type_class_unref(identityClass);
                gst.gst_object_unref(loaded);
                gst.gst_object_unref(factory);
            }
        }
        verified = true;
    }

    private static void expectClassSize(String name, long type, int expected) {
        GObjectLib.GTypeQuery q = new GObjectLib.GTypeQuery();
        GObjectLib.LIB.g_type_query(type, q);
        q.read();
        expect(q.class_size == expected, "sizeof(" + name + "Class) is " + q.class_size + ", expected " + expected);
    }

    private static void expect(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("GObject/GStreamer class layout differs from what this build of the "
                    + "webrtcsink engine was written for (GLib 2.74 / GStreamer 1.22, LP64): " + what
                    + ". Refusing to register Java-defined types.");
        }
    }
}
