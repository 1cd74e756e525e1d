package dev.webrtcsink.engine.element;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What {@link ElementType.Builder} and {@link ObjectType.Builder} have in common: the GType name, the constructor of
 * the Java side, the parent type, properties and signals. {@code B} is the concrete builder, so that calls chain.
 */
abstract class TypeBuilder<B extends TypeBuilder<B>> {
    private final String typeName;
    private final Function<Instance, ? extends JavaObject> constructor;
    private String nativeParent;
    private TypeModel javaParent;
    private final List<PropertyDef> properties = new ArrayList<>();
    private final List<SignalDef> signals = new ArrayList<>();

    TypeBuilder(String typeName, Function<Instance, ? extends JavaObject> constructor, String defaultNativeParent) {
        this.typeName = Objects.requireNonNull(typeName, "typeName");
        this.constructor = Objects.requireNonNull(constructor, "constructor");
        this.nativeParent = defaultNativeParent;
    }

    /** This builder as its concrete type: {@code B} is always the class that extends this one. */
    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    public B property(PropertyDef p) {
        properties.add(p);
        return self();
    }

    public B signal(SignalDef s) {
        signals.add(s);
        return self();
    }

    /**
     * A native parent type by GType name, replacing a Java-defined parent set before. Element types default to
     * GstBin and need a GstElement subclass; other types default to GObject (e.g. "GstObject" or "GstGhostPad").
     */
    public B parent(String nativeTypeName) {
        this.nativeParent = nativeTypeName;
        this.javaParent = null;
        return self();
    }

    /** Derives from a Java-defined type, whose properties and signals are inherited. */
    B javaParent(TypeModel parent) {
        this.javaParent = parent;
        return self();
    }

    /** The description; {@code element} is null for a type that is not an element. */
    TypeModel model(TypeModel.ElementPart element) {
        return new TypeModel(typeName, nativeParent, javaParent, properties, signals, constructor, element);
    }
}
