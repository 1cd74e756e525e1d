package dev.webrtcsink.engine.inspect;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.webrtcsink.engine.natives.GObjectLib;
import dev.webrtcsink.engine.natives.GValues;
import dev.webrtcsink.engine.natives.GstLib;
import dev.webrtcsink.engine.natives.NativeSupport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Prints GObject properties in gst-inspect-1.0's layout (name and blurb, flags, then type, range and current
 * value), so our elements read like any other GStreamer element and tests can compare against the real tool.
 *
 * <p>Ranges live in the GParamSpec subclass structs, which GLib has no accessor for; their offsets follow
 * {@code sizeof(GParamSpec)} and are checked against {@code g_type_query} before the first use.
 */
final class PropertyFormatter {
    private static final GObjectLib G = GObjectLib.LIB;
    private static final InspectNatives GOBJ = InspectNatives.GOBJECT;
    private static final InspectNatives GST = InspectNatives.GST;

    // GParamSpec (LP64): GTypeInstance 8, name 8, flags 4 (+4), value_type 8, owner_type 8, nick, blurb, qdata 8
    // each, ref_count 4, param_id 4 = 72 bytes; subclass fields follow.
    private static final int PSPEC_NAME = 8;
    private static final int PSPEC_FLAGS = 16;
    private static final int PSPEC_VALUE_TYPE = 24;
    private static final int PSPEC_OWNER_TYPE = 32;
    private static final int PSPEC_SIZE = 72;

    private static final int G_PARAM_READABLE = 1;
    private static final int G_PARAM_WRITABLE = 2;
    private static final int G_PARAM_DEPRECATED = 1 << 31;
    private static final int GST_PARAM_CONTROLLABLE = 1 << 9;
    private static final int GST_PARAM_MUTABLE_READY = 1 << 10;
    private static final int GST_PARAM_MUTABLE_PAUSED = 1 << 11;
    private static final int GST_PARAM_MUTABLE_PLAYING = 1 << 12;
    private static final int GST_PARAM_CONDITIONALLY_AVAILABLE = 1 << 14;
    /** Flags gst-inspect names or deliberately keeps quiet about (construct, static strings, doc, explicit notify). */
    private static final int KNOWN_FLAGS = G_PARAM_READABLE | G_PARAM_WRITABLE | 4 | 8 | 16 | 32 | 64 | 128
            | G_PARAM_DEPRECATED | (1 << 30) | GST_PARAM_CONTROLLABLE | GST_PARAM_MUTABLE_READY
            | GST_PARAM_MUTABLE_PAUSED | GST_PARAM_MUTABLE_PLAYING | (1 << 13) | GST_PARAM_CONDITIONALLY_AVAILABLE;

    private static volatile boolean layoutChecked;

    /** One property of one class: its param spec (owned by the class) and the name to print. */
    record Property(Pointer pspec, String name, String displayName) {
        long valueType() {
            return pspec.getLong(PSPEC_VALUE_TYPE);
        }

        long ownerType() {
            return pspec.getLong(PSPEC_OWNER_TYPE);
        }

        int flags() {
            return pspec.getInt(PSPEC_FLAGS);
        }

        boolean readable() {
            return (flags() & G_PARAM_READABLE) != 0;
        }
    }

    private final StringBuilder out;
    /** Leading spaces of the name line: 2 for element properties, 6 for pad properties. */
    private final String indent;

    PropertyFormatter(StringBuilder out, int indent) {
        this.out = out;
        this.indent = " ".repeat(indent);
    }

    /** The properties of a class (GObjectClass*), sorted by name as gst-inspect sorts them. */
    static List<Property> listProperties(Pointer klass, String displayPrefix) {
        checkLayout();
        com.sun.jna.ptr.IntByReference count = new com.sun.jna.ptr.IntByReference();
        Pointer array = GOBJ.g_object_class_list_properties(klass, count);
        List<Property> list = new ArrayList<>();
        if (array != null) {
            try {
                for (int i = 0; i < count.getValue(); i++) {
                    Pointer pspec = array.getPointer((long) i * Native.POINTER_SIZE);
                    String name = pspec.getPointer(PSPEC_NAME).getString(0);
                    list.add(new Property(pspec, name, displayPrefix + name));
                }
            } finally {
                InspectNatives.GLIB.g_free(array);
            }
        }
        list.sort(Comparator.comparing(Property::name));
        return list;
    }

    /**
     * Prints one property. {@code instance} (may be null) supplies the current value of readable properties;
     * otherwise, as gst-inspect does, the param spec's default is shown.
     */
    void print(Pointer instance, Property p) {
        String column = indent + " ".repeat(22);
        line(indent + String.format("%-20s: %s", p.displayName(), nullToEmpty(GOBJ.g_param_spec_get_blurb(p.pspec()))));
        line(column + "flags: " + flagsText(p.flags()));
        Memory value = GValues.newValue(p.valueType());
        try {
            if (p.readable() && instance != null) {
                G.g_object_get_property(instance, p.name(), value);
            } else {
                GOBJ.g_value_copy(GOBJ.g_param_spec_get_default_value(p.pspec()), value);
            }
            String suffix = p.readable() ? "" : " Write only";
            printValue(p, value, column, suffix);
        } finally {
            GValues.unset(value);
        }
    }

    private void printValue(Property p, Pointer value, String column, String suffix) {
        Pointer spec = p.pspec();
        long type = p.valueType();
        String specType = G.g_type_name(spec.getPointer(0).getLong(0));
        long fundamental = G.g_type_fundamental(type);
        if (fundamental == GValues.G_TYPE_STRING) {
            String s = NativeSupport.borrowString(G.g_value_get_string(value));
            line(column + "String. Default: " + (s == null ? "null" : "\"" + s + "\"") + suffix);
        } else if (fundamental == GValues.G_TYPE_BOOLEAN) {
            line(column + "Boolean. Default: " + G.g_value_get_boolean(value) + suffix);
        } else if (fundamental == GValues.G_TYPE_ULONG) {
            line(column + "Unsigned Long. " + range(Long.toUnsignedString(spec.getLong(PSPEC_SIZE)),
                    Long.toUnsignedString(spec.getLong(PSPEC_SIZE + 8)),
                    Long.toUnsignedString(G.g_value_get_ulong(value).longValue())) + suffix);
        } else if (fundamental == GValues.G_TYPE_LONG) {
            line(column + "Long. " + range(spec.getLong(PSPEC_SIZE), spec.getLong(PSPEC_SIZE + 8),
                    G.g_value_get_long(value).longValue()) + suffix);
        } else if (fundamental == GValues.G_TYPE_UINT) {
            line(column + "Unsigned Integer. " + range(Integer.toUnsignedString(spec.getInt(PSPEC_SIZE)),
                    Integer.toUnsignedString(spec.getInt(PSPEC_SIZE + 4)),
                    Integer.toUnsignedString(G.g_value_get_uint(value))) + suffix);
        } else if (fundamental == GValues.G_TYPE_INT) {
            line(column + "Integer. " + range(spec.getInt(PSPEC_SIZE), spec.getInt(PSPEC_SIZE + 4),
                    G.g_value_get_int(value)) + suffix);
        } else if (fundamental == GValues.G_TYPE_UINT64) {
            line(column + "Unsigned Integer64. " + range(Long.toUnsignedString(spec.getLong(PSPEC_SIZE)),
                    Long.toUnsignedString(spec.getLong(PSPEC_SIZE + 8)),
                    Long.toUnsignedString(G.g_value_get_uint64(value))) + suffix);
        } else if (fundamental == GValues.G_TYPE_INT64) {
            line(column + "Integer64. " + range(spec.getLong(PSPEC_SIZE), spec.getLong(PSPEC_SIZE + 8),
                    G.g_value_get_int64(value)) + suffix);
        } else if (fundamental == GValues.G_TYPE_CHAR) {
            line(column + "Integer. " + range(spec.getByte(PSPEC_SIZE), spec.getByte(PSPEC_SIZE + 1),
                    value.getByte(8)) + suffix);
        } else if (fundamental == GValues.G_TYPE_UCHAR) {
            line(column + "Unsigned Integer. " + range(spec.getByte(PSPEC_SIZE) & 0xFF,
                    spec.getByte(PSPEC_SIZE + 1) & 0xFF, value.getByte(8) & 0xFF) + suffix);
        } else if (fundamental == GValues.G_TYPE_FLOAT) {
            line(column + "Float. " + range(CFormat.g(spec.getFloat(PSPEC_SIZE), 15, 7),
                    CFormat.g(spec.getFloat(PSPEC_SIZE + 4), 15, 7), CFormat.g(G.g_value_get_float(value), 15, 7))
                    + suffix);
        } else if (fundamental == GValues.G_TYPE_DOUBLE) {
            line(column + "Double. " + range(CFormat.g(spec.getDouble(PSPEC_SIZE), 15, 7),
                    CFormat.g(spec.getDouble(PSPEC_SIZE + 8), 15, 7), CFormat.g(G.g_value_get_double(value), 15, 7))
                    + suffix);
        } else if (type == GstLib.LIB.gst_caps_get_type()) {
            Pointer caps = GST.gst_value_get_caps(value);
            if (caps == null) {
                line(column + "Caps (NULL)" + suffix);
            } else {
                CapsFormatter.print(out, caps, " ".repeat(column.length() + 27));
                out.append('\n');
            }
        } else if (fundamental == GValues.G_TYPE_ENUM) {
            printEnum(type, G.g_value_get_enum(value), column, suffix);
        } else if (fundamental == GValues.G_TYPE_FLAGS) {
            printFlags(type, G.g_value_get_flags(value), column, suffix);
        } else if (fundamental == GValues.G_TYPE_OBJECT || fundamental == GValues.G_TYPE_INTERFACE) {
            line(column + "Object of type \"" + G.g_type_name(type) + "\"" + suffix);
        } else if (type == GOBJ.g_value_array_get_type()) {
            Pointer element = spec.getPointer(PSPEC_SIZE);
            line(column + (element == null ? "Array of GValues"
                    : "Array of GValues of type \"" + G.g_type_name(element.getLong(PSPEC_VALUE_TYPE)) + "\"") + suffix);
        } else if (fundamental == GValues.G_TYPE_BOXED) {
            line(column + "Boxed pointer of type \"" + G.g_type_name(type) + "\"" + suffix);
            if (type == GstLib.LIB.gst_structure_get_type()) {
                Pointer structure = GST.gst_value_get_structure(value);
                if (structure != null) {
                    CapsFormatter.printFields(out, structure, " ".repeat(column.length() + 27));
                    out.append('\n');
                }
            }
        } else if (fundamental == GValues.G_TYPE_POINTER) {
            line(column + (type == GValues.G_TYPE_POINTER ? "Pointer." : "Pointer of type \"" + G.g_type_name(type) + "\".")
                    + suffix);
        } else if (type == GST.gst_fraction_get_type() && "GstParamFraction".equals(specType)) {
            int[] r = new int[6];
            for (int i = 0; i < 6; i++) {
                r[i] = spec.getInt(PSPEC_SIZE + 4L * i);
            }
            line(column + "Fraction. Range: " + r[0] + "/" + r[1] + " - " + r[2] + "/" + r[3] + " Default: "
                    + GST.gst_value_get_fraction_numerator(value) + "/" + GST.gst_value_get_fraction_denominator(value)
                    + " " + suffix);
        } else if (type == GST.gst_value_array_get_type()) {
            String serialized = NativeSupport.takeString(GstLib.LIB.gst_value_serialize(value));
            if (serialized != null) {
                line(column + "Default: \"" + serialized + "\"");
            }
            Pointer element = "GstParamArray".equals(specType) ? spec.getPointer(PSPEC_SIZE) : null;
            line(column + (element == null ? "GstValueArray of GValues"
                    : "GstValueArray of GValues of type \"" + G.g_type_name(element.getLong(PSPEC_VALUE_TYPE)) + "\"")
                    + suffix);
        } else {
            line(column + "Unknown type " + type + " \"" + G.g_type_name(type) + "\"" + suffix);
        }
    }

    private void printEnum(long type, int current, String column, String suffix) {
        Pointer klass = G.g_type_class_ref(type);
        try {
            // GEnumClass: GTypeClass 8, minimum 4, maximum 4, n_values 4 (+4), values 8
            int n = klass.getInt(16);
            Pointer values = klass.getPointer(24);
            String currentNick = "";
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Pointer v = values.share(24L * i);
                int number = v.getInt(0);
                String nick = v.getPointer(16).getString(0);
                if (number == current) {
                    currentNick = nick;
                }
                lines.add(column + String.format("   (%d): %-16s - %s", number, nick, v.getPointer(8).getString(0)));
            }
            line(column + "Enum \"" + G.g_type_name(type) + "\" Default: " + current + ", \"" + currentNick + "\"" + suffix);
            lines.forEach(this::line);
        } finally {
            G.g_type_class_unref(klass);
        }
    }

    private void printFlags(long type, int current, String column, String suffix) {
        Pointer klass = G.g_type_class_ref(type);
        try {
            // GFlagsClass: GTypeClass 8, mask 4, n_values 4, values 8
            int n = klass.getInt(12);
            Pointer values = klass.getPointer(16);
            List<String> lines = new ArrayList<>();
            List<String> set = new ArrayList<>();
            String zeroNick = null;
            int remaining = current;
            // gst-inspect names the set flags from the last declared value backwards
            for (int i = n - 1; i >= 0; i--) {
                Pointer v = values.share(24L * i);
                int bits = v.getInt(0);
                String nick = v.getPointer(16).getString(0);
                if (bits == 0) {
                    zeroNick = nick;
                } else if ((remaining & bits) == bits) {
                    set.add(nick);
                    remaining &= ~bits;
                }
            }
            for (int i = 0; i < n; i++) {
                Pointer v = values.share(24L * i);
                lines.add(column + String.format("   (0x%08x): %-16s - %s", v.getInt(0),
                        v.getPointer(16).getString(0), v.getPointer(8).getString(0)));
            }
            String names = set.isEmpty() ? (zeroNick == null ? "(none)" : zeroNick) : String.join("+", set);
            line(column + String.format("Flags \"%s\" Default: 0x%08x, \"%s\"", G.g_type_name(type), current, names) + suffix);
            lines.forEach(this::line);
        } finally {
            G.g_type_class_unref(klass);
        }
    }

    private static String range(Object min, Object max, Object current) {
        return "Range: " + min + " - " + max + " Default: " + current + " ";
    }

    static String flagsText(int flags) {
        List<String> words = new ArrayList<>();
        if ((flags & G_PARAM_READABLE) != 0) words.add("readable");
        if ((flags & G_PARAM_WRITABLE) != 0) words.add("writable");
        if ((flags & G_PARAM_DEPRECATED) != 0) words.add("deprecated");
        if ((flags & GST_PARAM_CONTROLLABLE) != 0) words.add("controllable");
        if ((flags & GST_PARAM_CONDITIONALLY_AVAILABLE) != 0) words.add("conditionally available");
        if ((flags & GST_PARAM_MUTABLE_PLAYING) != 0) {
            words.add("changeable in NULL, READY, PAUSED or PLAYING state");
        } else if ((flags & GST_PARAM_MUTABLE_PAUSED) != 0) {
            words.add("changeable only in NULL, READY or PAUSED state");
        } else if ((flags & GST_PARAM_MUTABLE_READY) != 0) {
            words.add("changeable only in NULL or READY state");
        }
        if ((flags & ~KNOWN_FLAGS) != 0) words.add(String.format("0x%x", flags & ~KNOWN_FLAGS));
        return String.join(", ", words);
    }

    private void line(String s) {
        out.append(s).append('\n');
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Our offsets must agree with the running GLib: sizeof(GParamSpec) and two subclasses. */
    private static void checkLayout() {
        if (layoutChecked) {
            return;
        }
        NativeSupport.requireSupportedPlatform();
        expectInstanceSize("GParamInt", PSPEC_SIZE + 12 + 4);
        expectInstanceSize("GParamInt64", PSPEC_SIZE + 24);
        expectInstanceSize("GParamDouble", PSPEC_SIZE + 32);
        expectInstanceSize("GParamEnum", PSPEC_SIZE + 16);
        layoutChecked = true;
    }

    private static void expectInstanceSize(String typeName, int expected) {
        long type = G.g_type_from_name(typeName);
        GObjectLib.GTypeQuery q = new GObjectLib.GTypeQuery();
        G.g_type_query(type, q);
        q.read();
        if (q.instance_size != expected) {
            throw new IllegalStateException("sizeof(" + typeName + ") is " + q.instance_size + ", expected " + expected
                    + ": this GLib's GParamSpec layout differs from the one the inspector was written for");
        }
    }
}
