package dev.webrtcsink.engine.element;

import com.sun.jna.Pointer;
import dev.webrtcsink.engine.natives.GObjectLib;
import dev.webrtcsink.engine.natives.GValues;
import dev.webrtcsink.engine.natives.GstLib;
import dev.webrtcsink.engine.natives.NativeSupport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A GObject property of a Java-defined type. Immutable; build with the static factories. The Java value of a
 * property depends on its {@link Kind}:
 * <pre>
 *   STRING -> String   BOOLEAN -> Boolean   INT -> Integer   UINT, INT64, UINT64 -> Long   DOUBLE -> Double
 *   ENUM -> String (the member's nick)      STRUCTURE, CAPS -> String (serialised form, parsed on write)
 *   STRING_ARRAY -> List&lt;String&gt; (a GstValueArray of strings, as upstream's turn-servers or video-codecs)
 *   OBJECT -> Pointer (the object holds a reference while stored)
 * </pre>
 */
public final class PropertyDef {
    /** The GParamSpec kinds supported. */
    public enum Kind { STRING, BOOLEAN, INT, UINT, INT64, UINT64, DOUBLE, ENUM, STRUCTURE, CAPS, OBJECT, STRING_ARRAY }

    /**
     * In which element states a property may change (GST_PARAM_MUTABLE_*). {@link #ANY} adds no flag and no check.
     * Java-defined elements enforce it: a write in a later state is refused with a warning (pipeline strings,
     * g_object_set) or an {@link IllegalStateException} ({@link JavaObject#set}).
     */
    public enum Mutability { ANY, READY, PAUSED, PLAYING }

    static final int G_PARAM_READABLE = 1;
    static final int G_PARAM_WRITABLE = 2;
    static final int G_PARAM_CONSTRUCT = 4;
    static final int G_PARAM_CONSTRUCT_ONLY = 8;
    static final int GST_PARAM_MUTABLE_READY = 1 << 10;
    static final int GST_PARAM_MUTABLE_PAUSED = 1 << 11;
    static final int GST_PARAM_MUTABLE_PLAYING = 1 << 12;

    private final String name;
    private final Kind kind;
    private final String nick;
    private final String blurb;
    private final Object defaultValue;
    private final long min;
    private final long max;
    private final double minDouble;
    private final double maxDouble;
    private final EnumDef enumDef;
    private final ValueType objectType;
    private final boolean readable;
    private final boolean writable;
    private final boolean construct;
    private final boolean constructOnly;
    private final Mutability mutability;

    private PropertyDef(Builder b) {
        this.name = b.name;
        this.kind = b.kind;
        this.nick = b.nick == null ? b.name : b.nick;
        this.blurb = b.blurb == null ? b.name : b.blurb;
        this.min = b.min;
        this.max = b.max;
        this.minDouble = b.minDouble;
        this.maxDouble = b.maxDouble;
        this.enumDef = b.enumDef;
        this.objectType = b.objectType;
        this.readable = b.readable;
        this.writable = b.writable;
        this.construct = b.construct;
        this.constructOnly = b.constructOnly;
        this.mutability = b.mutability;
        this.defaultValue = b.defaultValue == null ? null : coerce(b.defaultValue);
    }

    public static Builder string(String name) { return new Builder(name, Kind.STRING); }
    public static Builder bool(String name) { return new Builder(name, Kind.BOOLEAN).defaultValue(false); }
    public static Builder intRange(String name, int min, int max) { return new Builder(name, Kind.INT).range(min, max); }
    /** Unsigned 32-bit; bounds as longs in [0, 2^32-1]. */
    public static Builder uintRange(String name, long min, long max) { return new Builder(name, Kind.UINT).range(min, max); }
    public static Builder int64Range(String name, long min, long max) { return new Builder(name, Kind.INT64).range(min, max); }
    /** Unsigned 64-bit; bounds are compared as unsigned. */
    public static Builder uint64Range(String name, long min, long max) { return new Builder(name, Kind.UINT64).range(min, max); }
    public static Builder doubleRange(String name, double min, double max) {
        Builder b = new Builder(name, Kind.DOUBLE);
        b.minDouble = min;
        b.maxDouble = max;
        return b.defaultValue(Math.max(min, Math.min(max, 0.0)));
    }
    public static Builder enumeration(String name, EnumDef type) {
        Builder b = new Builder(name, Kind.ENUM);
        b.enumDef = Objects.requireNonNull(type, "type");
        return b.defaultValue(type.members().get(0).nick());
    }
    public static Builder structure(String name) { return new Builder(name, Kind.STRUCTURE); }
    public static Builder caps(String name) { return new Builder(name, Kind.CAPS); }
    /** A GstValueArray of strings; the default is an empty list. */
    public static Builder stringArray(String name) { return new Builder(name, Kind.STRING_ARRAY).defaultValue(List.of()); }
    public static Builder object(String name, ValueType objectType) {
        Builder b = new Builder(name, Kind.OBJECT);
        b.objectType = Objects.requireNonNull(objectType, "objectType");
        return b;
    }

    public String name() { return name; }
    public Kind kind() { return kind; }
    public String nick() { return nick; }
    public String blurb() { return blurb; }
    public Object defaultValue() { return defaultValue; }
    public boolean readable() { return readable; }
    public boolean writable() { return writable; }
    public boolean constructOnly() { return constructOnly; }
    public Mutability mutability() { return mutability; }
    public EnumDef enumDef() { return enumDef; }

    /**
     * Checks and converts a Java value for this property.
     *
     * @throws IllegalArgumentException naming the property and the problem
     */
    public Object coerce(Object value) {
        if (value == null) {
            if (kind == Kind.STRING_ARRAY) {
                return List.of();
            }
            if (kind == Kind.STRING || kind == Kind.STRUCTURE || kind == Kind.CAPS || kind == Kind.OBJECT) {
                return null;
            }
            throw bad("null is not allowed");
        }
        switch (kind) {
            case STRING:
                return value.toString();
            case BOOLEAN:
                if (value instanceof Boolean) return value;
                throw bad("expected a boolean, got " + describe(value));
            case INT:
                return (int) checkRange(integral(value));
            case UINT:
            case INT64:
                return checkRange(integral(value));
            case UINT64:
                long u = integral(value);
                if (Long.compareUnsigned(u, min) < 0 || Long.compareUnsigned(u, max) > 0) {
                    throw bad(Long.toUnsignedString(u) + " is outside [" + Long.toUnsignedString(min) + ", "
                            + Long.toUnsignedString(max) + "]");
                }
                return u;
            case DOUBLE:
                if (!(value instanceof Number n)) throw bad("expected a number, got " + describe(value));
                double d = n.doubleValue();
                if (d < minDouble || d > maxDouble) throw bad(d + " is outside [" + minDouble + ", " + maxDouble + "]");
                return d;
            case ENUM:
                if (value instanceof Number n) {
                    return enumDef.member(n.intValue()).orElseThrow(() -> bad(n + " is not a value of " + enumDef.typeName())).nick();
                }
                return enumDef.member(value.toString()).orElseThrow(() -> bad("'" + value + "' is not one of "
                        + enumDef.members().stream().map(EnumDef.Member::nick).toList())).nick();
            case STRUCTURE:
            case CAPS:
                if (!(value instanceof CharSequence) && !(value.getClass().getName().startsWith("org.freedesktop.gstreamer"))) {
                    throw bad("expected serialised " + kind.name().toLowerCase() + " text, got " + describe(value));
                }
                return value.toString();
            case STRING_ARRAY:
                return stringList(value);
            case OBJECT:
                if (value instanceof Pointer) return value;
                if (value instanceof JavaObject jo) return jo.pointer();
                throw bad("expected an object pointer, got " + describe(value));
            default:
                throw new AssertionError(kind);
        }
    }

    /**
     * A list of strings from a List/array, or from text: GstValueArray syntax ({@code <"a", "b">} or {@code <a, b>})
     * or, for convenience, a plain comma-separated list ({@code a, b}). Empty items are dropped.
     */
    private List<String> stringList(Object value) {
        List<String> items = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(item -> items.add(String.valueOf(item)));
        } else if (value instanceof String[] array) {
            items.addAll(Arrays.asList(array));
        } else if (value instanceof CharSequence text) {
            String t = text.toString().strip();
            if (t.startsWith("<") && t.endsWith(">")) {
                t = t.substring(1, t.length() - 1);
            }
            for (String part : t.split(",")) {
                String item = part.strip();
                if (item.length() >= 2 && item.startsWith("\"") && item.endsWith("\"")) {
                    item = item.substring(1, item.length() - 1);
                }
                items.add(item);
            }
        } else {
            throw bad("expected a list of strings, got " + describe(value));
        }
        return items.stream().map(String::strip).filter(item -> !item.isEmpty()).toList();
    }

    private long integral(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        throw bad("expected an integer, got " + describe(value));
    }

    private long checkRange(long v) {
        if (v < min || v > max) {
            throw bad(v + " is outside [" + min + ", " + max + "]");
        }
        return v;
    }

    private IllegalArgumentException bad(String why) {
        return new IllegalArgumentException("property '" + name + "': " + why);
    }

    private static String describe(Object v) {
        return v.getClass().getSimpleName() + " '" + v + "'";
    }

    int paramFlags() {
        int f = 0;
        if (readable) f |= G_PARAM_READABLE;
        if (writable) f |= G_PARAM_WRITABLE;
        if (construct) f |= G_PARAM_CONSTRUCT;
        if (constructOnly) f |= G_PARAM_CONSTRUCT_ONLY;
        switch (mutability) {
            case READY -> f |= GST_PARAM_MUTABLE_READY;
            case PAUSED -> f |= GST_PARAM_MUTABLE_PAUSED;
            case PLAYING -> f |= GST_PARAM_MUTABLE_PLAYING;
            default -> { }
        }
        return f;
    }

    /** The GType of the property's GValue. */
    long valueGType() {
        return switch (kind) {
            case STRING -> GValues.G_TYPE_STRING;
            case BOOLEAN -> GValues.G_TYPE_BOOLEAN;
            case INT -> GValues.G_TYPE_INT;
            case UINT -> GValues.G_TYPE_UINT;
            case INT64 -> GValues.G_TYPE_INT64;
            case UINT64 -> GValues.G_TYPE_UINT64;
            case DOUBLE -> GValues.G_TYPE_DOUBLE;
            case ENUM -> enumDef.gtype();
            case STRUCTURE -> GstLib.LIB.gst_structure_get_type();
            case CAPS -> GstLib.LIB.gst_caps_get_type();
            case OBJECT -> objectType.gtype();
            case STRING_ARRAY -> GstLib.LIB.gst_value_array_get_type();
        };
    }

    /** A new GParamSpec (floating; installing it sinks it). Strings are copied by GLib (no STATIC_STRINGS). */
    Pointer newParamSpec() {
        GObjectLib g = GObjectLib.LIB;
        int f = paramFlags();
        Object d = defaultValue;
        return switch (kind) {
            case STRING -> g.g_param_spec_string(name, nick, blurb, (String) d, f);
            case BOOLEAN -> g.g_param_spec_boolean(name, nick, blurb, (Boolean) d ? 1 : 0, f);
            case INT -> g.g_param_spec_int(name, nick, blurb, (int) min, (int) max, d == null ? (int) min : (Integer) d, f);
            case UINT -> g.g_param_spec_uint(name, nick, blurb, (int) min, (int) max, (int) (d == null ? min : (Long) d), f);
            case INT64 -> g.g_param_spec_int64(name, nick, blurb, min, max, d == null ? min : (Long) d, f);
            case UINT64 -> g.g_param_spec_uint64(name, nick, blurb, min, max, d == null ? min : (Long) d, f);
            case DOUBLE -> g.g_param_spec_double(name, nick, blurb, minDouble, maxDouble, (Double) d, f);
            case ENUM -> g.g_param_spec_enum(name, nick, blurb, enumDef.gtype(),
                    enumDef.member((String) d).orElseThrow().value(), f);
            case STRUCTURE -> g.g_param_spec_boxed(name, nick, blurb, GstLib.LIB.gst_structure_get_type(), f);
            case CAPS -> g.g_param_spec_boxed(name, nick, blurb, GstLib.LIB.gst_caps_get_type(), f);
            case OBJECT -> g.g_param_spec_object(name, nick, blurb, objectType.gtype(), f);
            case STRING_ARRAY -> GstLib.LIB.gst_param_spec_array(name, nick, blurb,
                    g.g_param_spec_string(name + "-item", name + "-item", "one item", null, G_PARAM_READABLE | G_PARAM_WRITABLE), f);
        };
    }

    /**
     * Reads the value GLib passes to set_property into its Java form. For OBJECT the returned pointer carries a new
     * reference that the store owns.
     */
    Object fromGValue(Pointer gvalue) {
        Object raw = GValues.read(gvalue);
        return switch (kind) {
            case ENUM -> enumDef.member((Integer) raw).map(EnumDef.Member::nick).orElse(null);
            case STRUCTURE -> raw == null ? null : NativeSupport.takeString(GstLib.LIB.gst_structure_to_string((Pointer) raw));
            case CAPS -> raw == null ? null : NativeSupport.takeString(GstLib.LIB.gst_caps_to_string((Pointer) raw));
            case OBJECT -> raw == null ? null : GObjectLib.LIB.g_object_ref((Pointer) raw);
            case STRING_ARRAY -> stringList(raw);
            default -> raw;
        };
    }

    /** Writes a stored Java value into the GValue of get_property. */
    void toGValue(Pointer gvalue, Object value) {
        if (value == null && (kind == Kind.STRUCTURE || kind == Kind.CAPS)) {
            return; // a NULL boxed value is already there
        }
        GValues.write(gvalue, value);
    }

    /** Builder with GLib-like defaults: readable and writable, no construct flags, mutable in any state. */
    public static final class Builder {
        private final String name;
        private final Kind kind;
        private String nick;
        private String blurb;
        private Object defaultValue;
        private long min;
        private long max;
        private double minDouble;
        private double maxDouble;
        private EnumDef enumDef;
        private ValueType objectType;
        private boolean readable = true;
        private boolean writable = true;
        private boolean construct;
        private boolean constructOnly;
        private Mutability mutability = Mutability.ANY;

        private Builder(String name, Kind kind) {
            if (!name.matches("[A-Za-z][A-Za-z0-9-]*")) {
                throw new IllegalArgumentException("invalid GObject property name '" + name + "'");
            }
            this.name = name;
            this.kind = kind;
        }

        private Builder range(long min, long max) {
            if (kind == Kind.UINT64 ? Long.compareUnsigned(min, max) > 0 : min > max) {
                throw new IllegalArgumentException("property '" + name + "': empty range");
            }
            if (kind == Kind.UINT && (min < 0 || max > 0xFFFF_FFFFL)) {
                throw new IllegalArgumentException("property '" + name + "': uint bounds must be within [0, 2^32-1]");
            }
            this.min = min;
            this.max = max;
            this.defaultValue = kind == Kind.INT ? (Object) (int) min : (Object) min;
            return this;
        }

        public Builder nick(String nick) { this.nick = nick; return this; }
        public Builder blurb(String blurb) { this.blurb = blurb; return this; }
        public Builder defaultValue(Object value) { this.defaultValue = value; return this; }
        public Builder readOnly() { this.writable = false; this.readable = true; return this; }
        public Builder writeOnly() { this.readable = false; this.writable = true; return this; }
        /** G_PARAM_CONSTRUCT: GLib sets the default through set_property at construction. */
        public Builder construct() { this.construct = true; return this; }
        public Builder constructOnly() { this.constructOnly = true; return this; }
        public Builder mutability(Mutability m) { this.mutability = Objects.requireNonNull(m); return this; }
        public Builder mutableInReady() { return mutability(Mutability.READY); }
        public Builder mutableInPaused() { return mutability(Mutability.PAUSED); }
        public Builder mutableInPlaying() { return mutability(Mutability.PLAYING); }

        /** @throws IllegalArgumentException if the default does not fit the type or range */
        public PropertyDef build() {
            return new PropertyDef(this);
        }
    }
}
