package dev.webrtcsink.api;

import java.util.List;
import java.util.Objects;

/**
 * A typed configuration property of a signaller (for example {@code uri}), described well
 * enough for the element layer to expose it as {@code signaller::uri=...} in a pipeline string
 * and for an inspector to list it. Immutable; build with {@link #builder(String, Type)}.
 */
public final class PropertySpec {

    /** The value types a property can have, mapped to GObject types by the element layer. */
    public enum Type {
        /** {@link String}. */
        STRING,
        /** {@link Boolean}. */
        BOOLEAN,
        /** {@link Integer} within [min, max]. */
        INT,
        /** {@link Long} within [min, max]. */
        LONG,
        /** {@link Double} within [min, max]. */
        DOUBLE,
        /** {@link String}, one of {@link #enumValues()}. */
        ENUM,
        /**
         * {@link String} holding a GstStructure serialisation such as
         * {@code headers,foo=bar}; see {@link Structures} for parsing it without GStreamer.
         */
        STRUCTURE
    }

    private final String name;
    private final Type type;
    private final Object defaultValue;
    private final String description;
    private final boolean writable;
    private final long min;
    private final long max;
    private final List<String> enumValues;

    private PropertySpec(Builder b) {
        this.name = b.name;
        this.type = b.type;
        this.defaultValue = b.defaultValue;
        this.description = b.description;
        this.writable = b.writable;
        this.min = b.min;
        this.max = b.max;
        this.enumValues = List.copyOf(b.enumValues);
    }

    public static Builder builder(String name, Type type) {
        return new Builder(name, type);
    }

    public static PropertySpec string(String name, String defaultValue, String description) {
        return builder(name, Type.STRING).defaultValue(defaultValue).description(description).build();
    }

    public static PropertySpec bool(String name, boolean defaultValue, String description) {
        return builder(name, Type.BOOLEAN).defaultValue(defaultValue).description(description).build();
    }

    public String name() { return name; }
    public Type type() { return type; }
    /** Default value in the Java type of {@link #type()}, or {@code null}. */
    public Object defaultValue() { return defaultValue; }
    public String description() { return description; }
    /** False for read-only properties that report state (for example {@code client-id}). */
    public boolean writable() { return writable; }
    public long min() { return min; }
    public long max() { return max; }
    public List<String> enumValues() { return enumValues; }

    /**
     * Checks and converts a value for this property. Strings are parsed (so pipeline-string
     * values work); {@code null} is accepted for string-like types.
     *
     * @throws IllegalArgumentException naming the property and the problem
     */
    public Object coerce(Object value) {
        if (value == null) {
            if (type == Type.STRING || type == Type.STRUCTURE) {
                return null;
            }
            throw bad("null is not allowed");
        }
        try {
            return switch (type) {
                case STRING -> value.toString();
                case STRUCTURE -> {
                    Structures.parse(value.toString());
                    yield value.toString();
                }
                case BOOLEAN -> value instanceof Boolean bv ? bv : parseBoolean(value.toString());
                case INT -> (int) range(value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().trim()));
                case LONG -> range(value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().trim()));
                case DOUBLE -> value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString().trim());
                case ENUM -> {
                    String s = value.toString();
                    if (!enumValues.contains(s)) {
                        throw bad("'" + s + "' is not one of " + enumValues);
                    }
                    yield s;
                }
            };
        } catch (NumberFormatException e) {
            throw bad("'" + value + "' is not a number");
        }
    }

    private boolean parseBoolean(String s) {
        return switch (s.trim().toLowerCase()) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw bad("'" + s + "' is not a boolean");
        };
    }

    private long range(long v) {
        if (v < min || v > max) {
            throw bad(v + " is outside [" + min + ", " + max + "]");
        }
        return v;
    }

    private IllegalArgumentException bad(String why) {
        return new IllegalArgumentException("property '" + name + "': " + why);
    }

    @Override
    public String toString() {
        return name + " (" + type.name().toLowerCase() + (writable ? "" : ", read-only")
                + ", default " + defaultValue + ")";
    }

    /** Builder for {@link PropertySpec}. */
    public static final class Builder {
        private final String name;
        private final Type type;
        private Object defaultValue;
        private String description = "";
        private boolean writable = true;
        private long min;
        private long max;
        private List<String> enumValues = List.of();

        private Builder(String name, Type type) {
            this.name = Objects.requireNonNull(name, "name");
            this.type = Objects.requireNonNull(type, "type");
            if (!name.matches("[a-z][a-z0-9-]*")) {
                throw new IllegalArgumentException("property names are lower-case words joined by '-': " + name);
            }
            this.min = type == Type.INT ? Integer.MIN_VALUE : Long.MIN_VALUE;
            this.max = type == Type.INT ? Integer.MAX_VALUE : Long.MAX_VALUE;
        }

        public Builder defaultValue(Object v) { this.defaultValue = v; return this; }
        public Builder description(String d) { this.description = Objects.requireNonNull(d); return this; }
        public Builder readOnly() { this.writable = false; return this; }
        public Builder range(long min, long max) { this.min = min; this.max = max; return this; }
        public Builder enumValues(List<String> values) { this.enumValues = List.copyOf(values); return this; }

        public PropertySpec build() {
            if (type == Type.ENUM && enumValues.isEmpty()) {
                throw new IllegalStateException("enum property " + name + " needs values");
            }
            PropertySpec spec = new PropertySpec(this);
            if (defaultValue != null) {
                spec.coerce(defaultValue); // a bad default is a programming error: fail at build
            }
            return spec;
        }
    }
}
