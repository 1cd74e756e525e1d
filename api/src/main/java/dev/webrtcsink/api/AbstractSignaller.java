package dev.webrtcsink.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Property storage and listener bookkeeping shared by signaller implementations, so a
 * concrete signaller only writes its protocol. Subclasses read configuration with
 * {@link #get}/{@link #getString}, publish read-only state with {@link #update}, and report
 * events through {@link #listener()}.
 */
public abstract class AbstractSignaller implements Signaller {

    private static final SignallerListener SILENT = new SignallerListener() {};

    private final Map<String, PropertySpec> specs = new LinkedHashMap<>();
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final List<PropertyListener> propertyListeners = new CopyOnWriteArrayList<>();
    private volatile SignallerListener listener = SILENT;

    protected AbstractSignaller(List<PropertySpec> properties) {
        for (PropertySpec spec : properties) {
            if (specs.putIfAbsent(spec.name(), spec) != null) {
                throw new IllegalArgumentException("duplicate property " + spec.name());
            }
            values.put(spec.name(), spec.defaultValue());
        }
    }

    @Override
    public final List<PropertySpec> properties() {
        return List.copyOf(specs.values());
    }

    @Override
    public synchronized Object get(String property) {
        spec(property);
        return values.get(property);
    }

    /** A property's value as text, or {@code null}. */
    public String getString(String property) {
        Object v = get(property);
        return v == null ? null : v.toString();
    }

    @Override
    public void set(String property, Object value) {
        PropertySpec spec = spec(property);
        if (!spec.writable()) {
            throw new IllegalArgumentException("property '" + property + "' is read-only");
        }
        Object coerced = validate(spec, spec.coerce(value));
        store(property, coerced);
    }

    /**
     * Hook for checks beyond the type (for example a URI's syntax); returns the value to store.
     *
     * @throws IllegalArgumentException naming the property and problem
     */
    protected Object validate(PropertySpec spec, Object value) {
        return value;
    }

    /** Publishes a new value of a (typically read-only) property and notifies listeners. */
    protected final void update(String property, Object value) {
        spec(property);
        store(property, value);
    }

    private void store(String property, Object value) {
        Object old;
        synchronized (this) {
            old = values.put(property, value);
        }
        if (old == null ? value != null : !old.equals(value)) {
            for (PropertyListener l : propertyListeners) {
                l.propertyChanged(property, value);
            }
        }
    }

    private PropertySpec spec(String property) {
        PropertySpec spec = specs.get(property);
        if (spec == null) {
            throw new IllegalArgumentException("no property '" + property + "' in "
                    + getClass().getSimpleName() + " (known: " + specs.keySet() + ")");
        }
        return spec;
    }

    @Override
    public final void addPropertyListener(PropertyListener l) {
        propertyListeners.add(l);
    }

    /** Stores the element's listener; subclasses call this first in {@link #start}. */
    protected final void attach(SignallerListener l) {
        this.listener = l == null ? SILENT : l;
    }

    /** Forgets the element's listener; subclasses call this last in {@link #stop}. */
    protected final void detach() {
        this.listener = SILENT;
    }

    /** Where to report events; a silent listener when not started. */
    protected final SignallerListener listener() {
        return listener;
    }

    @Override
    public String dump() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append(" {");
        synchronized (this) {
            values.forEach((k, v) -> sb.append("\n  ").append(k).append(" = ").append(v));
        }
        return sb.append("\n}").toString();
    }
}
