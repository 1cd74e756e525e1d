package dev.webrtcsink.engine.natives;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/** Reads and writes GObject properties of raw instances through GValues, with clear errors for unknown names. */
public final class ObjectProperties {
    private ObjectProperties() {}

    /** GParamSpec.value_type: after GTypeInstance, name, flags (+padding). */
    private static final int PSPEC_VALUE_TYPE_OFFSET = 24;

    private static long valueType(Pointer object, String property) {
        Pointer pspec = GObjectLib.LIB.g_object_class_find_property(object.getPointer(0), property);
        if (pspec == null) {
            throw new IllegalArgumentException(GObjectLib.LIB.g_type_name(Signals.typeOfInstance(object))
                    + " has no property '" + property + "'");
        }
        return pspec.getLong(PSPEC_VALUE_TYPE_OFFSET);
    }

    /** Whether the instance's class has a property of that name. */
    public static boolean has(Pointer object, String property) {
        return GObjectLib.LIB.g_object_class_find_property(object.getPointer(0), property) != null;
    }

    /** A property value in the {@link GValues} mapping; object/boxed values are NOT returned (use getObject). */
    public static Object get(Pointer object, String property) {
        Memory v = GValues.newValue(valueType(object, property));
        try {
            GObjectLib.LIB.g_object_get_property(object, property, v);
            Object value = GValues.read(v);
            if (value instanceof Pointer) {
                throw new IllegalArgumentException("property '" + property + "' holds an object or boxed value: use getObject");
            }
            return value;
        } finally {
            GValues.unset(v);
        }
    }

    /** An object-valued property as a new reference (caller unrefs), or null. */
    public static Pointer getObject(Pointer object, String property) {
        Memory v = GValues.newValue(valueType(object, property));
        try {
            GObjectLib.LIB.g_object_get_property(object, property, v);
            Pointer p = GObjectLib.LIB.g_value_get_object(v);
            return p == null ? null : GObjectLib.LIB.g_object_ref(p);
        } finally {
            GValues.unset(v);
        }
    }

    public static void set(Pointer object, String property, Object value) {
        Memory v = GValues.newValue(valueType(object, property));
        try {
            GValues.write(v, value);
            GObjectLib.LIB.g_object_set_property(object, property, v);
        } finally {
            GValues.unset(v);
        }
    }

    /** Any property value in GStreamer's string form (gst_value_serialize), e.g. {@code < 1, 2 >} for an array. */
    public static String getSerialized(Pointer object, String property) {
        Memory v = GValues.newValue(valueType(object, property));
        try {
            GObjectLib.LIB.g_object_get_property(object, property, v);
            return NativeSupport.takeString(GstLib.LIB.gst_value_serialize(v));
        } finally {
            GValues.unset(v);
        }
    }

    /** Sets a property from its string form (as in pipeline descriptions), e.g. {@code <96, 97>} for an array. */
    public static void setSerialized(Pointer object, String property, String value) {
        valueType(object, property); // a clear error for an unknown name
        GstLib.LIB.gst_util_set_object_arg(object, property, value);
    }
}
