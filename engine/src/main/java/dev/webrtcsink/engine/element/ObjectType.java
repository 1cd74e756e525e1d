package dev.webrtcsink.engine.element;

import com.sun.jna.Pointer;
import dev.webrtcsink.engine.natives.GObjectLib;
import java.util.function.Function;

/**
 * A GObject type defined in Java that is not an element: e.g. a signaller reachable as a ChildProxy child
 * ({@code signaller::uri=...}), or a GstGhostPad subclass with extra properties. Immutable description; GLib
 * learns about it on {@link #register()} (idempotent; types live as long as the process).
 *
 * <pre>
 *   static final ObjectType&lt;MySignaller&gt; TYPE = ObjectType.builder("GstMySignaller", MySignaller::new)
 *       .property(PropertyDef.string("uri").defaultValue("ws://127.0.0.1:8443").build())
 *       .build();
 *   ...
 *   TYPE.register();
 *   try (InstanceRef&lt;MySignaller&gt; s = TYPE.create()) { ... }
 * </pre>
 */
public final class ObjectType<T extends JavaObject> {
    final TypeModel model;

    private ObjectType(TypeModel model) {
        this.model = model;
    }

    /**
     * @param typeName    the GType name (CamelCase, unique in the process)
     * @param constructor builds the Java side of each new instance; it must call {@code super(instance)}
     */
    public static <T extends JavaObject> Builder<T> builder(String typeName, Function<Instance, T> constructor) {
        return new Builder<>(typeName, constructor);
    }

    public String typeName() {
        return model.typeName;
    }

    /** Registers the type (once) and returns its GType. Requires GStreamer to be initialised. */
    public long register() {
        return NativeTypeSystem.register(model);
    }

    /** The GType, registering the type if needed. */
    public long gtype() {
        return register();
    }

    /** Live instances of exactly this type. */
    public int liveInstances() {
        return model.live.get();
    }

    /** Creates an instance; the returned reference owns it (floating references are sunk). */
    @SuppressWarnings("unchecked")
    public InstanceRef<T> create() {
        Pointer p = GObjectLib.LIB.g_object_new_with_properties(register(), 0, null, null);
        if (GObjectLib.LIB.g_object_is_floating(p)) {
            GObjectLib.LIB.g_object_ref_sink(p); // GInitiallyUnowned (GstObject...): own the floating reference
        }
        T object = (T) JavaObject.fromPointer(p, JavaObject.class)
                .orElseThrow(() -> new IllegalStateException("Java side of " + typeName() + " was not built (see log)"));
        return new InstanceRef<>(object, p);
    }

    /** Also takes {@link #parent(String)}, {@link #property(PropertyDef)} and {@link #signal(SignalDef)}. */
    public static final class Builder<T extends JavaObject> extends TypeBuilder<Builder<T>> {
        private Builder(String typeName, Function<Instance, T> constructor) {
            super(typeName, constructor, "GObject");
        }

        /** A Java-defined parent; its properties and signals are inherited. */
        public Builder<T> parent(ObjectType<?> parent) {
            return javaParent(parent.model);
        }

        public ObjectType<T> build() {
            return new ObjectType<>(model(null));
        }
    }
}
