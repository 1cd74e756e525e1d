package dev.webrtcsink.engine.element;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.webrtcsink.engine.natives.GObjectLib;
import dev.webrtcsink.engine.natives.GValues;
import dev.webrtcsink.engine.natives.SignalConnection;
import dev.webrtcsink.engine.natives.Signals;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java side of one instance of a Java-defined GObject type: exactly one per native instance, created during
 * the instance's initialisation and forgotten when it is finalized. Subclass it per type and pass the constructor
 * to {@link ObjectType#builder}.
 *
 * <p>Property values live here, in Java (see {@link PropertyDef} for their Java types); reads from C
 * (g_object_get, gst-inspect, pipeline strings) come here through get_property, writes through set_property.
 *
 * <p>Threading: hooks run on whichever thread GLib calls from (application threads for property access,
 * streaming threads for some pad requests); keep them short and never block on work that needs the same thread.
 * Property storage is thread-safe.
 *
 * <p>Lifetime: this object does not own a reference to its native instance. Do not keep gst1-java-core wrappers of
 * the instance itself in fields: they hold a toggle reference and would keep it alive for ever.
 */
public abstract class JavaObject {
    private static final Logger LOG = LoggerFactory.getLogger(JavaObject.class);
    private static final Object NULL = new Object();
    static final Map<Long, JavaObject> INSTANCES = new ConcurrentHashMap<>();

    private final Pointer pointer;
    final TypeModel model;
    private final Map<String, Object> values = new ConcurrentHashMap<>();

    protected JavaObject(Instance instance) {
        this.pointer = instance.pointer;
        this.model = instance.model;
        for (PropertyDef p : model.allProperties.values()) {
            values.put(p.name(), p.defaultValue() == null ? NULL : p.defaultValue());
        }
        INSTANCES.put(Pointer.nativeValue(pointer), this);
        model.live.incrementAndGet();
    }

    /** The Java object of a native instance of a Java-defined type, if it is one and still alive. */
    public static <T extends JavaObject> Optional<T> fromPointer(Pointer instance, Class<T> type) {
        JavaObject o = instance == null ? null : INSTANCES.get(Pointer.nativeValue(instance));
        return type.isInstance(o) ? Optional.of(type.cast(o)) : Optional.empty();
    }

    /** Number of live instances of all Java-defined types (diagnostics, leak tests). */
    public static int liveInstances() {
        return INSTANCES.size();
    }

    /** The native instance (borrowed: valid while the instance lives). */
    public final Pointer pointer() {
        return pointer;
    }

    public final String typeName() {
        return model.typeName;
    }

    // ------------------------------------------------------------------ properties

    /** The names of this instance's Java-defined properties (own and inherited), in declaration order. */
    public final java.util.Set<String> propertyNames() {
        return model.allProperties.keySet();
    }

    /** The description of one property. @throws IllegalArgumentException when there is no such property */
    public final PropertyDef propertyDef(String property) {
        return model.property(property);
    }

    /** A property's current value in its Java form (computed ones through {@link #propertyValue}). */
    public final Object get(String property) {
        PropertyDef def = model.property(property);
        if (!def.readable()) {
            throw new IllegalArgumentException(typeName() + ": property '" + property + "' is not readable");
        }
        return read(def);
    }

    public final String getString(String property) {
        Object v = get(property);
        return v == null ? null : v.toString();
    }

    /** A {@link PropertyDef.Kind#STRING_ARRAY} property's items (never null). */
    @SuppressWarnings("unchecked")
    public final java.util.List<String> getStringList(String property) {
        Object v = get(property);
        return v == null ? java.util.List.of() : (java.util.List<String>) v;
    }

    public final boolean getBoolean(String property) {
        return (Boolean) get(property);
    }

    public final int getInt(String property) {
        return ((Number) get(property)).intValue();
    }

    public final long getLong(String property) {
        return ((Number) get(property)).longValue();
    }

    /**
     * Sets a property the way an application would (g_object_set_property): validated here first so that mistakes
     * surface as exceptions, then stored through set_property, which emits notify.
     *
     * @throws IllegalArgumentException unknown property, wrong type, out of range, not writable
     * @throws IllegalStateException    the element's state does not allow changing it now
     */
    public final void set(String property, Object value) {
        PropertyDef def = model.property(property);
        if (!def.writable() || def.constructOnly()) {
            throw new IllegalArgumentException(typeName() + ": property '" + property + "' is not writable"
                    + (def.constructOnly() ? " after construction" : ""));
        }
        Object coerced = def.coerce(value);
        String refusal = mutabilityRefusal(def);
        if (refusal != null) {
            throw new IllegalStateException(refusal);
        }
        Memory gvalue = GValues.newValue(def.valueGType());
        try {
            GValues.write(gvalue, coerced);
            GObjectLib.LIB.g_object_set_property(pointer, property, gvalue);
        } finally {
            GValues.unset(gvalue);
        }
    }

    /**
     * Stores a new value of any property (read-only ones included) from the type's own logic and emits notify.
     * Bypasses writability and state checks; the value is still type- and range-checked.
     */
    protected final void publish(String property, Object value) {
        PropertyDef def = model.property(property);
        Object coerced = def.coerce(value);
        if (def.kind() == PropertyDef.Kind.OBJECT && coerced != null) {
            GObjectLib.LIB.g_object_ref((Pointer) coerced); // the store owns one reference
        }
        Object old = store(def, coerced);
        releaseIfObject(def, old);
        notify(property);
    }

    /** Emits notify::property. */
    public final void notify(String property) {
        GObjectLib.LIB.g_object_notify(pointer, property);
    }

    /** Hook: computes the value of a property on read; by default the stored value. */
    protected Object propertyValue(String property, Object stored) {
        return stored;
    }

    /** Hook: a property was set from outside (pipeline string, g_object_set, {@link #set}); runs after storing. */
    protected void propertyChanged(String property, Object value) {
    }

    // ------------------------------------------------------------------ signals

    /**
     * Emits a signal of this instance (ours or inherited) with Java arguments.
     *
     * @return see {@link Signals#emit}
     */
    public final Object emit(String signal, Object... args) {
        return Signals.emit(pointer, signal, args);
    }

    /** Connects a Java handler to a signal of this instance (handlers run on the emitting thread). */
    public final SignalConnection connect(String signal, Signals.Handler handler) {
        return Signals.connect(pointer, signal, false, handler);
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Hook: the native instance is being finalized; release Java-held native resources here. Runs once, on the
     * thread that dropped the last reference; the instance must not be used afterwards.
     */
    protected void finalized() {
    }

    // ------------------------------------------------------------------ called by the native layer

    final Object read(PropertyDef def) {
        Object stored = values.get(def.name());
        return propertyValue(def.name(), stored == NULL ? null : stored);
    }

    /** set_property: value already converted by {@link PropertyDef#fromGValue}. */
    final void setFromNative(PropertyDef def, Object value) {
        String refusal = mutabilityRefusal(def);
        if (refusal != null) {
            LOG.warn("{}; value ignored", refusal);
            releaseIfObject(def, value);
            return;
        }
        Object old = store(def, value);
        releaseIfObject(def, old);
        propertyChanged(def.name(), value);
    }

    /** Null when the write is allowed now; otherwise why not. Only elements have states. */
    String mutabilityRefusal(PropertyDef def) {
        return null;
    }

    private Object store(PropertyDef def, Object value) {
        if (def.kind() == PropertyDef.Kind.OBJECT && value != null && value != NULL && !(value instanceof Pointer)) {
            throw new IllegalArgumentException("object property needs a Pointer");
        }
        Object old = values.put(def.name(), value == null ? NULL : value);
        return old == NULL ? null : old;
    }

    private static void releaseIfObject(PropertyDef def, Object value) {
        if (def.kind() == PropertyDef.Kind.OBJECT && value instanceof Pointer p) {
            GObjectLib.LIB.g_object_unref(p);
        }
    }

    /** finalize: hook, then drop the references object properties hold. */
    final void disposeJavaSide() {
        try {
            finalized();
        } catch (Throwable t) {
            LOG.error("{}.finalized() failed", typeName(), t);
        }
        for (PropertyDef def : model.allProperties.values()) {
            if (def.kind() == PropertyDef.Kind.OBJECT) {
                releaseIfObject(def, values.put(def.name(), NULL));
            }
        }
        model.live.decrementAndGet();
    }

    @Override
    public String toString() {
        return typeName() + "@" + pointer;
    }
}
