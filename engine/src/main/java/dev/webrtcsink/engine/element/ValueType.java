package dev.webrtcsink.engine.element;

import dev.webrtcsink.engine.natives.GObjectLib;
import dev.webrtcsink.engine.natives.GValues;
import dev.webrtcsink.engine.natives.GstLib;
import java.util.function.LongSupplier;

/**
 * A GType named from Java, resolved only when a type is registered (so that descriptions can be built as constants
 * before GStreamer is initialised). Used for signal parameters and return values.
 */
public final class ValueType {
    private final String name;
    private final LongSupplier resolver;
    private volatile long gtype;

    private ValueType(String name, LongSupplier resolver) {
        this.name = name;
        this.resolver = resolver;
    }

    public static final ValueType NONE = fixed("void", GValues.G_TYPE_NONE);
    public static final ValueType BOOLEAN = fixed("gboolean", GValues.G_TYPE_BOOLEAN);
    public static final ValueType INT = fixed("gint", GValues.G_TYPE_INT);
    public static final ValueType UINT = fixed("guint", GValues.G_TYPE_UINT);
    public static final ValueType INT64 = fixed("gint64", GValues.G_TYPE_INT64);
    public static final ValueType UINT64 = fixed("guint64", GValues.G_TYPE_UINT64);
    public static final ValueType DOUBLE = fixed("gdouble", GValues.G_TYPE_DOUBLE);
    public static final ValueType STRING = fixed("gchararray", GValues.G_TYPE_STRING);
    public static final ValueType POINTER = fixed("gpointer", GValues.G_TYPE_POINTER);
    public static final ValueType OBJECT = fixed("GObject", GValues.G_TYPE_OBJECT);
    public static final ValueType STRV = new ValueType("GStrv", () -> GObjectLib.LIB.g_strv_get_type());
    public static final ValueType CAPS = new ValueType("GstCaps", () -> GstLib.LIB.gst_caps_get_type());
    public static final ValueType STRUCTURE = new ValueType("GstStructure", () -> GstLib.LIB.gst_structure_get_type());
    public static final ValueType ELEMENT = new ValueType("GstElement", () -> GstLib.LIB.gst_element_get_type());
    public static final ValueType PAD = new ValueType("GstPad", () -> GstLib.LIB.gst_pad_get_type());

    /**
     * A type registered by name, e.g. "GstWebRTCSessionDescription" or "GstPipeline". The type must be registered
     * in GLib by the time our type is (load its library or class first).
     */
    public static ValueType named(String typeName) {
        return new ValueType(typeName, () -> {
            long t = GObjectLib.LIB.g_type_from_name(typeName);
            if (t == 0) {
                throw new IllegalStateException("GType '" + typeName + "' is not registered (yet)");
            }
            return t;
        });
    }

    public static ValueType of(EnumDef enumDef) {
        return new ValueType(enumDef.typeName(), enumDef::gtype);
    }

    public static ValueType of(ObjectType<?> objectType) {
        return new ValueType(objectType.typeName(), objectType::gtype);
    }

    public static ValueType of(ElementType<?> elementType) {
        return new ValueType(elementType.typeName(), elementType::gtype);
    }

    private static ValueType fixed(String name, long gtype) {
        return new ValueType(name, () -> gtype);
    }

    public String name() {
        return name;
    }

    /** Resolves (once) and returns the GType. */
    public long gtype() {
        long t = gtype;
        if (t == 0) {
            t = resolver.getAsLong();
            gtype = t;
        }
        return t;
    }

    @Override
    public String toString() {
        return name;
    }
}
