package dev.webrtcsink.engine.natives;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Converts between GValues and plain Java values, so that signal arguments, signal returns and property values all
 * follow one mapping:
 * <pre>
 *   boolean -> Boolean      int, enum, flags -> Integer   uint, long, ulong, int64, uint64 -> Long (unsigned bits kept)
 *   float -> Float          double -> Double              string -> String (copied)
 *   GStrv -> String[]       GstValueArray -> List (of the elements' values; written from a List or String[] of strings)
 *   object, boxed, pointer, param -> Pointer (borrowed from the GValue)
 * </pre>
 * When writing, numbers are range-checked against the C type and enums accept their nick, name or Integer value.
 */
public final class GValues {
    private GValues() {}

    /** sizeof(GValue): a GType and a two-word union. */
    public static final int SIZE = 24;

    public static final long G_TYPE_NONE = 1 << 2;
    public static final long G_TYPE_INTERFACE = 2 << 2;
    public static final long G_TYPE_CHAR = 3 << 2;
    public static final long G_TYPE_UCHAR = 4 << 2;
    public static final long G_TYPE_BOOLEAN = 5 << 2;
    public static final long G_TYPE_INT = 6 << 2;
    public static final long G_TYPE_UINT = 7 << 2;
    public static final long G_TYPE_LONG = 8 << 2;
    public static final long G_TYPE_ULONG = 9 << 2;
    public static final long G_TYPE_INT64 = 10 << 2;
    public static final long G_TYPE_UINT64 = 11 << 2;
    public static final long G_TYPE_ENUM = 12 << 2;
    public static final long G_TYPE_FLAGS = 13 << 2;
    public static final long G_TYPE_FLOAT = 14 << 2;
    public static final long G_TYPE_DOUBLE = 15 << 2;
    public static final long G_TYPE_STRING = 16 << 2;
    public static final long G_TYPE_POINTER = 17 << 2;
    public static final long G_TYPE_BOXED = 18 << 2;
    public static final long G_TYPE_PARAM = 19 << 2;
    public static final long G_TYPE_OBJECT = 20 << 2;

    private static final GObjectLib G = GObjectLib.LIB;

    /** Zeroed storage for {@code count} consecutive GValues (as g_signal_emitv wants them). */
    public static Memory allocate(int count) {
        Memory m = new Memory((long) SIZE * count);
        m.clear();
        return m;
    }

    /** A zeroed GValue initialised to {@code type}; the caller unsets it. */
    public static Memory newValue(long type) {
        Memory m = allocate(1);
        G.g_value_init(m, type);
        return m;
    }

    public static long typeOf(Pointer value) {
        return value.getLong(0);
    }

    public static void unset(Pointer value) {
        if (typeOf(value) != 0) {
            G.g_value_unset(value);
        }
    }

    /** Reads a GValue into its Java representation (see the class comment). */
    public static Object read(Pointer v) {
        long type = typeOf(v);
        if (type == GstLib.LIB.gst_value_array_get_type()) {
            return readValueArray(v);
        }
        long fundamental = G.g_type_fundamental(type);
        if (fundamental == G_TYPE_BOOLEAN) return G.g_value_get_boolean(v);
        if (fundamental == G_TYPE_INT) return G.g_value_get_int(v);
        if (fundamental == G_TYPE_UINT) return Integer.toUnsignedLong(G.g_value_get_uint(v));
        if (fundamental == G_TYPE_LONG) return G.g_value_get_long(v).longValue();
        if (fundamental == G_TYPE_ULONG) return G.g_value_get_ulong(v).longValue();
        if (fundamental == G_TYPE_INT64) return G.g_value_get_int64(v);
        if (fundamental == G_TYPE_UINT64) return G.g_value_get_uint64(v);
        if (fundamental == G_TYPE_ENUM) return G.g_value_get_enum(v);
        if (fundamental == G_TYPE_FLAGS) return G.g_value_get_flags(v);
        if (fundamental == G_TYPE_FLOAT) return G.g_value_get_float(v);
        if (fundamental == G_TYPE_DOUBLE) return G.g_value_get_double(v);
        if (fundamental == G_TYPE_STRING) return NativeSupport.borrowString(G.g_value_get_string(v));
        if (fundamental == G_TYPE_OBJECT || fundamental == G_TYPE_INTERFACE) return G.g_value_get_object(v);
        if (fundamental == G_TYPE_BOXED) {
            Pointer boxed = G.g_value_get_boxed(v);
            return type == G.g_strv_get_type() ? readStrv(boxed) : boxed;
        }
        if (fundamental == G_TYPE_POINTER) return G.g_value_get_pointer(v);
        if (fundamental == G_TYPE_PARAM) return v.getPointer(8);
        throw new IllegalArgumentException("unsupported GValue type " + G.g_type_name(type));
    }

    /**
     * Writes a Java value into an initialised GValue. Objects are referenced and boxed values copied by GLib, so the
     * caller keeps its own reference. Strings for GstCaps/GstStructure typed values are parsed.
     */
    public static void write(Pointer v, Object value) {
        long type = typeOf(v);
        if (type == GstLib.LIB.gst_value_array_get_type()) {
            writeValueArray(v, value);
            return;
        }
        long fundamental = G.g_type_fundamental(type);
        String typeName = G.g_type_name(type);
        if (fundamental == G_TYPE_BOOLEAN) {
            G.g_value_set_boolean(v, asBoolean(value, typeName));
        } else if (fundamental == G_TYPE_INT) {
            G.g_value_set_int(v, (int) asLong(value, Integer.MIN_VALUE, Integer.MAX_VALUE, typeName));
        } else if (fundamental == G_TYPE_UINT) {
            G.g_value_set_uint(v, (int) asLong(value, 0, 0xFFFF_FFFFL, typeName));
        } else if (fundamental == G_TYPE_LONG) {
            G.g_value_set_long(v, new NativeLong(asLong(value, Long.MIN_VALUE, Long.MAX_VALUE, typeName)));
        } else if (fundamental == G_TYPE_ULONG) {
            G.g_value_set_ulong(v, new NativeLong(asLong(value, Long.MIN_VALUE, Long.MAX_VALUE, typeName)));
        } else if (fundamental == G_TYPE_INT64) {
            G.g_value_set_int64(v, asLong(value, Long.MIN_VALUE, Long.MAX_VALUE, typeName));
        } else if (fundamental == G_TYPE_UINT64) {
            G.g_value_set_uint64(v, asLong(value, Long.MIN_VALUE, Long.MAX_VALUE, typeName));
        } else if (fundamental == G_TYPE_FLOAT) {
            G.g_value_set_float(v, asNumber(value, typeName).floatValue());
        } else if (fundamental == G_TYPE_DOUBLE) {
            G.g_value_set_double(v, asNumber(value, typeName).doubleValue());
        } else if (fundamental == G_TYPE_STRING) {
            if (value != null && !(value instanceof CharSequence)) {
                throw mismatch(value, typeName);
            }
            G.g_value_set_string(v, value == null ? null : value.toString());
        } else if (fundamental == G_TYPE_ENUM) {
            G.g_value_set_enum(v, enumValue(type, value));
        } else if (fundamental == G_TYPE_FLAGS) {
            G.g_value_set_flags(v, (int) asLong(value, Integer.MIN_VALUE, 0xFFFF_FFFFL, typeName));
        } else if (fundamental == G_TYPE_OBJECT || fundamental == G_TYPE_INTERFACE) {
            G.g_value_set_object(v, asPointer(value, typeName));
        } else if (fundamental == G_TYPE_BOXED) {
            writeBoxed(v, type, value, typeName);
        } else if (fundamental == G_TYPE_POINTER) {
            G.g_value_set_pointer(v, asPointer(value, typeName));
        } else {
            throw new IllegalArgumentException("unsupported GValue type " + typeName);
        }
    }

    /** A GstValueArray as an unmodifiable list of its elements' Java values. */
    private static List<Object> readValueArray(Pointer v) {
        int n = GstLib.LIB.gst_value_array_get_size(v);
        List<Object> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            items.add(read(GstLib.LIB.gst_value_array_get_value(v, i)));
        }
        return Collections.unmodifiableList(items);
    }

    /** Appends the strings of a List / String[] to an (empty) GstValueArray; null leaves it empty. */
    private static void writeValueArray(Pointer v, Object value) {
        if (value == null) {
            return;
        }
        List<?> items = value instanceof String[] array ? List.of(array) : value instanceof List<?> list ? list : null;
        if (items == null) {
            throw mismatch(value, "GstValueArray");
        }
        for (Object item : items) {
            Memory element = newValue(G_TYPE_STRING);
            try {
                write(element, item == null ? null : item.toString());
                GstLib.LIB.gst_value_array_append_value(v, element); // copies
            } finally {
                unset(element);
            }
        }
    }

    private static void writeBoxed(Pointer v, long type, Object value, String typeName) {
        if (value == null || value instanceof Pointer) {
            G.g_value_set_boxed(v, (Pointer) value);
        } else if (value instanceof String[] strings && type == G.g_strv_get_type()) {
            Memory array = new Memory((long) Native.POINTER_SIZE * (strings.length + 1));
            array.clear();
            Memory[] keep = new Memory[strings.length];
            for (int i = 0; i < strings.length; i++) {
                keep[i] = new Memory(strings[i].getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1L);
                keep[i].setString(0, strings[i], "UTF-8");
                array.setPointer((long) i * Native.POINTER_SIZE, keep[i]);
            }
            G.g_value_set_boxed(v, array); // g_strdupv copies
        } else if (value instanceof String text && type == GstLib.LIB.gst_caps_get_type()) {
            Pointer caps = GstLib.LIB.gst_caps_from_string(text);
            if (caps == null) {
                throw new IllegalArgumentException("not valid caps: '" + text + "'");
            }
            G.g_value_set_boxed(v, caps);
            GstLib.LIB.gst_mini_object_unref(caps);
        } else if (value instanceof String text && type == GstLib.LIB.gst_structure_get_type()) {
            Pointer structure = GstLib.LIB.gst_structure_from_string(text, null);
            if (structure == null) {
                throw new IllegalArgumentException("not a valid structure: '" + text + "'");
            }
            G.g_value_set_boxed(v, structure);
            GstLib.LIB.gst_structure_free(structure);
        } else {
            throw new IllegalArgumentException("cannot convert " + value.getClass().getSimpleName() + " to " + typeName);
        }
    }

    /** Copies a NULL-terminated C string array. */
    public static String[] readStrv(Pointer strv) {
        if (strv == null) {
            return null;
        }
        return strv.getStringArray(0, "UTF-8");
    }

    /** Resolves an enum member given as Integer value, nick or name. */
    public static int enumValue(long enumType, Object value) {
        Pointer klass = G.g_type_class_ref(enumType);
        try {
            Pointer member;
            if (value instanceof Number n) {
                member = G.g_enum_get_value(klass, n.intValue());
            } else if (value instanceof String s) {
                member = G.g_enum_get_value_by_nick(klass, s);
                if (member == null) {
                    member = G.g_enum_get_value_by_name(klass, s);
                }
            } else {
                member = null;
            }
            if (member == null) {
                throw new IllegalArgumentException("'" + value + "' is not a value of enum " + G.g_type_name(enumType));
            }
            return member.getInt(0);
        } finally {
            G.g_type_class_unref(klass);
        }
    }

    /** The nick of an enum member, or null if {@code value} is not a member. */
    public static String enumNick(long enumType, int value) {
        Pointer klass = G.g_type_class_ref(enumType);
        try {
            Pointer member = G.g_enum_get_value(klass, value);
            // GEnumValue { gint value; const gchar *value_name; const gchar *value_nick; }
            return member == null ? null : member.getPointer(2L * Native.POINTER_SIZE).getString(0);
        } finally {
            G.g_type_class_unref(klass);
        }
    }

    private static boolean asBoolean(Object value, String typeName) {
        if (value instanceof Boolean b) return b;
        throw mismatch(value, typeName);
    }

    private static Number asNumber(Object value, String typeName) {
        if (value instanceof Number n) return n;
        throw mismatch(value, typeName);
    }

    private static long asLong(Object value, long min, long max, String typeName) {
        if (!(value instanceof Number n) || value instanceof Double || value instanceof Float) {
            throw mismatch(value, typeName);
        }
        long l = n.longValue();
        if (l < min || l > max) {
            throw new IllegalArgumentException(l + " does not fit in a " + typeName);
        }
        return l;
    }

    private static Pointer asPointer(Object value, String typeName) {
        if (value == null || value instanceof Pointer) return (Pointer) value;
        throw mismatch(value, typeName);
    }

    private static IllegalArgumentException mismatch(Object value, String typeName) {
        return new IllegalArgumentException("cannot convert "
                + (value == null ? "null" : value.getClass().getSimpleName() + " '" + value + "'") + " to " + typeName);
    }
}
