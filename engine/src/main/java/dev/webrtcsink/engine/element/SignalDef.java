package dev.webrtcsink.engine.element;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A signal of a Java-defined type, created with g_signal_newv when the type's class is initialised. Immutable.
 * Arguments reach Java handlers mapped as {@link dev.webrtcsink.engine.natives.GValues} describes.
 *
 * <p>Example: an action signal returning the session ids, and a notification with a "first handler wins" return:
 * <pre>
 *   SignalDef.action("get-sessions").returns(ValueType.STRV).classHandler((self, args) -> ids()).build();
 *   SignalDef.named("encoder-setup").params(ValueType.STRING, ValueType.STRING, ValueType.ELEMENT)
 *       .returns(ValueType.BOOLEAN).accumulator(Accumulator.TRUE_HANDLED).classHandler(...).build();
 * </pre>
 */
public final class SignalDef {
    /** GSignalFlags members. */
    public enum Flag {
        RUN_FIRST(1), RUN_LAST(2), RUN_CLEANUP(4), NO_RECURSE(8), DETAILED(16), ACTION(32), NO_HOOKS(64);

        final int bit;

        Flag(int bit) {
            this.bit = bit;
        }
    }

    /** How handler returns combine (GLib's stock accumulators). */
    public enum Accumulator {
        /** GLib's default: the last handler's return wins. */
        NONE(null),
        /** Stop at the first handler returning TRUE (g_signal_accumulator_true_handled). */
        TRUE_HANDLED("g_signal_accumulator_true_handled"),
        /** Stop after the first handler that runs (g_signal_accumulator_first_wins). */
        FIRST_WINS("g_signal_accumulator_first_wins");

        final String symbol;

        Accumulator(String symbol) {
            this.symbol = symbol;
        }
    }

    /** Default behaviour of a signal, run in the RUN_FIRST/RUN_LAST stage on the emitting thread. */
    @FunctionalInterface
    public interface ClassHandler {
        /**
         * @param self the Java object of the emitting instance
         * @param args the signal's parameters (without the instance), borrowed
         * @return the return value, or null for void signals / GLib's zero value
         */
        Object handle(JavaObject self, Object[] args) throws Exception;
    }

    private final String name;
    private final Set<Flag> flags;
    private final List<ValueType> params;
    private final ValueType returnType;
    private final Accumulator accumulator;
    private final ClassHandler classHandler;

    private SignalDef(Builder b) {
        this.name = b.name;
        this.flags = Set.copyOf(b.flags);
        this.params = List.copyOf(b.params);
        this.returnType = b.returnType;
        this.accumulator = b.accumulator;
        this.classHandler = b.classHandler;
    }

    /** A RUN_LAST signal. */
    public static Builder named(String name) {
        return new Builder(name).flags(Flag.RUN_LAST);
    }

    /** A RUN_LAST | ACTION signal (meant to be emitted by applications). */
    public static Builder action(String name) {
        return new Builder(name).flags(Flag.RUN_LAST, Flag.ACTION);
    }

    public String name() { return name; }
    public Set<Flag> flags() { return flags; }
    public List<ValueType> params() { return params; }
    public ValueType returnType() { return returnType; }
    public Accumulator accumulator() { return accumulator; }
    public ClassHandler classHandler() { return classHandler; }

    int flagBits() {
        int bits = 0;
        for (Flag f : flags) {
            bits |= f.bit;
        }
        return bits;
    }

    public static final class Builder {
        private final String name;
        private final Set<Flag> flags = EnumSet.noneOf(Flag.class);
        private final List<ValueType> params = new ArrayList<>();
        private ValueType returnType = ValueType.NONE;
        private Accumulator accumulator = Accumulator.NONE;
        private ClassHandler classHandler;

        private Builder(String name) {
            if (!name.matches("[A-Za-z][A-Za-z0-9_-]*")) {
                throw new IllegalArgumentException("invalid signal name '" + name + "'");
            }
            this.name = name;
        }

        /** Replaces the flags. */
        public Builder flags(Flag... flags) {
            this.flags.clear();
            this.flags.addAll(List.of(flags));
            return this;
        }

        public Builder params(ValueType... types) {
            params.addAll(List.of(types));
            return this;
        }

        public Builder returns(ValueType type) {
            this.returnType = Objects.requireNonNull(type);
            return this;
        }

        public Builder accumulator(Accumulator accumulator) {
            this.accumulator = Objects.requireNonNull(accumulator);
            return this;
        }

        public Builder classHandler(ClassHandler handler) {
            this.classHandler = handler;
            return this;
        }

        public SignalDef build() {
            if (accumulator != Accumulator.NONE && returnType == ValueType.NONE) {
                throw new IllegalStateException("signal '" + name + "': an accumulator needs a return type");
            }
            if (!flags.contains(Flag.RUN_FIRST) && !flags.contains(Flag.RUN_LAST) && !flags.contains(Flag.RUN_CLEANUP)) {
                throw new IllegalStateException("signal '" + name + "': needs RUN_FIRST, RUN_LAST or RUN_CLEANUP");
            }
            return new SignalDef(this);
        }
    }
}
