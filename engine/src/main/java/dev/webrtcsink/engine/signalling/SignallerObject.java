package dev.webrtcsink.engine.signalling;

import com.sun.jna.Pointer;
import dev.webrtcsink.api.Role;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.api.Signaller;
import dev.webrtcsink.api.SignallerFactory;
import dev.webrtcsink.engine.element.Instance;
import dev.webrtcsink.engine.element.InstanceRef;
import dev.webrtcsink.engine.element.JavaObject;
import java.util.Objects;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.glib.Natives;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Signaller} seen from GObject: its properties are GObject properties (reads and writes go straight to the
 * signaller, which stays the single source of truth), and it carries the signaller-side signals elements emit
 * ({@code munge-session-description}, {@code consumer-added}, {@code consumer-removed}, {@code webrtcbin-ready}).
 *
 * <p>Create one around an existing signaller with {@link #wrap}; a plain {@code g_object_new} of the type (e.g. from
 * an inspector) makes a new signaller with the factory's defaults in the producer role.
 */
public final class SignallerObject extends JavaObject {
    private static final Logger LOG = LoggerFactory.getLogger(SignallerObject.class);
    /** Hands the signaller to the constructor, which GLib calls from inside g_object_new on this thread. */
    private static final ThreadLocal<Signaller> PENDING = new ThreadLocal<>();

    private final SignallerFactory factory;
    private final Signaller signaller;
    /** The signaller cannot forget property listeners: they check this once the GObject is gone. */
    private volatile boolean alive = true;

    SignallerObject(Instance instance, SignallerFactory factory) {
        super(instance);
        this.factory = factory;
        Signaller pending = PENDING.get();
        this.signaller = pending != null ? pending : factory.create(Role.PRODUCER);
        signaller.addPropertyListener((property, value) -> {
            if (alive && propertyNames().contains(property)) {
                notify(property);
            }
        });
    }

    /** A new GObject around {@code signaller} (made by {@code factory}); the returned reference owns it. */
    public static InstanceRef<SignallerObject> wrap(SignallerFactory factory, Signaller signaller) {
        Objects.requireNonNull(signaller, "signaller");
        PENDING.set(signaller);
        try {
            return SignallerObjectTypes.forFactory(factory).create();
        } finally {
            PENDING.remove();
        }
    }

    /** The Java object of a native signaller GObject, if {@code pointer} is one of ours. */
    public static SignallerObject of(Pointer pointer) {
        return JavaObject.fromPointer(pointer, SignallerObject.class).orElse(null);
    }

    public Signaller signaller() {
        return signaller;
    }

    public SignallerFactory factory() {
        return factory;
    }

    // ------------------------------------------------------------------ element-side emissions

    /**
     * Emits {@code munge-session-description}; returns what the first handler returned (the class handler returns
     * the description unchanged). Called on the element's control thread.
     */
    public SessionDescription mungeSessionDescription(String sessionId, SessionDescription description) {
        Pointer in = NativeSessionDescriptions.toNative(description);
        Pointer out = null;
        try {
            out = (Pointer) emit(SignallerObjectTypes.MUNGE_SESSION_DESCRIPTION, sessionId, in);
            return out == null ? description : NativeSessionDescriptions.fromNative(out);
        } finally {
            NativeSessionDescriptions.free(in);
            NativeSessionDescriptions.free(out); // emit returns a copy we own
        }
    }

    /** Emits one of the (peer or session id, webrtcbin) signals. */
    public void emitWebrtcbinSignal(String signal, String id, Element webrtcbin) {
        emit(signal, id, webrtcbin == null ? null : Natives.getRawPointer(webrtcbin));
    }

    // ------------------------------------------------------------------ property bridge

    @Override
    protected Object propertyValue(String property, Object stored) {
        if (property.equals(SignallerObjectTypes.MANUAL_SDP_MUNGING)
                && signaller.properties().stream().noneMatch(p -> p.name().equals(property))) {
            return signaller.manualSdpMunging();
        }
        Object v = signaller.get(property);
        return v == null ? null : switch (propertyDef(property).kind()) {
            case INT -> ((Number) v).intValue();
            case INT64 -> ((Number) v).longValue();
            case DOUBLE -> ((Number) v).doubleValue();
            case STRING, ENUM, STRUCTURE -> v.toString();
            default -> v;
        };
    }

    @Override
    protected void propertyChanged(String property, Object value) {
        try {
            signaller.set(property, value);
        } catch (IllegalArgumentException e) {
            // GLib's set_property cannot fail: say why and keep the signaller's value (reads come from it)
            LOG.warn("signaller property '{}' not set: {}", property, e.getMessage());
        }
    }

    @Override
    protected void finalized() {
        alive = false;
    }

    /** Human-readable state for diagnosis. */
    public String dump() {
        return typeName() + " (" + factory.name() + "): " + signaller.dump();
    }
}
