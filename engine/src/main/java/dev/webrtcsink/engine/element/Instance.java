package dev.webrtcsink.engine.element;

import com.sun.jna.Pointer;

/**
 * The native instance a {@link JavaObject} is being created for; handed by the type system to the constructor
 * given to the type's builder, and passed on to {@code super(instance)}. Opaque on purpose.
 */
public final class Instance {
    final Pointer pointer;
    final TypeModel model;

    Instance(Pointer pointer, TypeModel model) {
        this.pointer = pointer;
        this.model = model;
    }
}
