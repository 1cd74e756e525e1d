package dev.webrtcsink.engine.element;

import com.sun.jna.Pointer;
import dev.webrtcsink.engine.natives.GObjectLib;

/** An owned reference to a native instance created from Java; {@link #close()} drops it (once). */
public final class InstanceRef<T extends JavaObject> implements AutoCloseable {
    private final T object;
    private final Pointer pointer;
    private boolean closed;

    InstanceRef(T object, Pointer pointer) {
        this.object = object;
        this.pointer = pointer;
    }

    /** The Java side; valid until the last native reference is gone. */
    public T get() {
        return object;
    }

    public Pointer pointer() {
        return pointer;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            GObjectLib.LIB.g_object_unref(pointer);
        }
    }
}
