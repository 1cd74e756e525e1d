package dev.webrtcsink.engine.element;

import com.sun.jna.Function;
import com.sun.jna.Pointer;
import dev.webrtcsink.engine.natives.GLib;
import dev.webrtcsink.engine.natives.GObjectLib;
import dev.webrtcsink.engine.natives.GstLib;
import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.StateChangeReturn;
import org.freedesktop.gstreamer.glib.NativeEnum;
import org.freedesktop.gstreamer.glib.Natives;

/**
 * The Java side of one instance of a Java-defined element type (a GstElement or, usually, GstBin subclass).
 * Override the hooks the type needs; each default chains up to the native parent class.
 *
 * <p>Threading: {@link #changeState} runs on the thread setting the state (never a streaming thread);
 * {@link #requestPad}/{@link #releasePad} on the requesting thread, which may be a streaming thread (e.g. from a
 * decodebin pad-added handler): do not block there. Posting messages and adding pads are thread-safe.
 */
public abstract class JavaElement extends JavaObject {

    /**
     * Takes over the element a signal handler returned (an {@code emit} result holds a reference
     * of its own, possibly to a floating element) as a gst1-java-core wrapper; null stays null.
     */
    protected static Element adoptEmittedElement(Object emitted) {
        if (!(emitted instanceof Pointer p)) {
            return null;
        }
        if (GObjectLib.LIB.g_object_is_floating(p)) {
            GObjectLib.LIB.g_object_ref_sink(p);
            GObjectLib.LIB.g_object_unref(p);
        }
        return Natives.objectFor(p, Element.class, false, true);
    }
    private volatile State state = State.NULL;

    protected JavaElement(Instance instance) {
        super(instance);
    }

    /** The last state this element completed a change to (tracked from {@link #changeState}). */
    public final State currentState() {
        return state;
    }

    /** A gst1-java-core wrapper of this element. Call only once it has a parent or owner; do not store it here. */
    public final Bin asBin() {
        return Natives.objectFor(pointer(), Bin.class, true, true);
    }

    public final Element asElement() {
        return Natives.objectFor(pointer(), Element.class, true, true);
    }

    // ------------------------------------------------------------------ hooks

    /**
     * Hook: a state change. Do work for upward changes before calling {@code super.changeState}, for downward
     * changes after it; return its result unless failing.
     */
    protected StateChangeReturn changeState(StateChange transition) {
        Pointer parentClass = model.nativeAncestorClass;
        Pointer fn = parentClass.getPointer(ClassLayout.ELEMENT_CHANGE_STATE);
        int ret = Function.getFunction(fn).invokeInt(new Object[] {pointer(), transition.toNative()});
        return NativeEnum.fromInt(StateChangeReturn.class, ret);
    }

    /**
     * Hook: a request pad is wanted. Create it (usually with {@link #addGhostPad}) and return it, or return null
     * to refuse.
     *
     * @param templateName  the name template, e.g. {@code video_%u}
     * @param requestedName the name asked for, or null
     * @param caps          the caps asked for as text, or null
     */
    protected Pad requestPad(String templateName, String requestedName, String caps) {
        return null;
    }

    /** Hook: a request pad is released; by default it is deactivated and removed. */
    protected void releasePad(Pad pad) {
        removePad(pad);
    }

    /**
     * Hook (types built with {@code childProxy()}): the child object reachable as {@code name::property} in
     * pipeline strings and gst_child_proxy_* calls. Return a borrowed pointer to any GObject, or null to fall back to
     * the parent class (for bins: the child element of that name).
     */
    protected Pointer childByName(String name) {
        return null;
    }

    /** Hook (types built with {@code uriHandler(...)}): the current URI, or null. */
    protected String uri() {
        return null;
    }

    /**
     * Hook (types built with {@code uriHandler(...)}): apply a URI. Throw {@link IllegalArgumentException} for a
     * URI this element cannot use (GST_URI_ERROR_BAD_URI, with the message), {@link IllegalStateException} when it
     * cannot change now (GST_URI_ERROR_BAD_STATE).
     */
    protected void setUri(String uri) {
        throw new IllegalArgumentException(typeName() + " does not handle URIs");
    }

    // ------------------------------------------------------------------ pads

    /**
     * Creates a ghost pad from one of this type's templates, targeting {@code target} (may be null), activates it
     * when the element is running, and adds it.
     *
     * @throws IllegalArgumentException unknown template
     * @throws IllegalStateException    the element refused the pad (e.g. duplicate name)
     */
    public final Pad addGhostPad(String name, String templateName, Pad target) {
        GstLib gst = GstLib.LIB;
        Pointer klass = pointer().getPointer(0);
        Pointer templ = gst.gst_element_class_get_pad_template(klass, templateName);
        if (templ == null) {
            throw new IllegalArgumentException(typeName() + " has no pad template '" + templateName + "'");
        }
        Pointer ghost = target == null
                ? gst.gst_ghost_pad_new_no_target_from_template(name, templ)
                : gst.gst_ghost_pad_new_from_template(name, Natives.getRawPointer(target), templ);
        if (ghost == null) {
            throw new IllegalStateException("could not create ghost pad " + name + " from " + templateName);
        }
        if (state.intValue() >= State.PAUSED.intValue()) {
            gst.gst_pad_set_active(ghost, true);
        }
        if (!gst.gst_element_add_pad(pointer(), ghost)) { // sinks the floating ref (or frees the pad)
            throw new IllegalStateException(typeName() + " refused pad " + name);
        }
        return Natives.objectFor(ghost, Pad.class, true, true);
    }

    /** Deactivates and removes one of this element's pads. */
    public final void removePad(Pad pad) {
        Pointer p = Natives.getRawPointer(pad);
        GstLib.LIB.gst_pad_set_active(p, false);
        GstLib.LIB.gst_element_remove_pad(pointer(), p);
    }

    // ------------------------------------------------------------------ bus

    /** Posts an ERROR message from this element (the usual way to fail a running pipeline). */
    public final void postError(ErrorDomain domain, int code, String message, String debug) {
        post(domain, code, message, debug, true);
    }

    public final void postError(String message, String debug) {
        postError(ErrorDomain.STREAM, ErrorDomain.FAILED, message, debug);
    }

    public final void postWarning(ErrorDomain domain, int code, String message, String debug) {
        post(domain, code, message, debug, false);
    }

    /** Posts an element message carrying a structure given as text, e.g. {@code "my-event, id=(string)x"}. */
    public final void postElementMessage(String structure) {
        Pointer s = GstLib.LIB.gst_structure_from_string(structure, null);
        if (s == null) {
            throw new IllegalArgumentException("not a valid structure: '" + structure + "'");
        }
        GstLib.LIB.gst_element_post_message(pointer(), GstLib.LIB.gst_message_new_element(pointer(), s));
    }

    /** Posts EOS on the bus from this element (e.g. when signalling asks for a graceful end). */
    public final void postEos() {
        GstLib.LIB.gst_element_post_message(pointer(), GstLib.LIB.gst_message_new_eos(pointer()));
    }

    private void post(ErrorDomain domain, int code, String message, String debug, boolean error) {
        Pointer gerror = GLib.LIB.g_error_new_literal(domain.quark(), code, message);
        try {
            Pointer msg = error
                    ? GstLib.LIB.gst_message_new_error(pointer(), gerror, debug)
                    : GstLib.LIB.gst_message_new_warning(pointer(), gerror, debug);
            GstLib.LIB.gst_element_post_message(pointer(), msg); // takes the message
        } finally {
            GLib.LIB.g_error_free(gerror);
        }
    }

    // ------------------------------------------------------------------ called by the native layer

    final void stateReached(StateChange transition, StateChangeReturn ret) {
        if (ret != StateChangeReturn.FAILURE) {
            state = transition.next();
        }
    }

    @Override
    final String mutabilityRefusal(PropertyDef def) {
        State limit = switch (def.mutability()) {
            case READY -> State.READY;
            case PAUSED -> State.PAUSED;
            default -> null;
        };
        if (limit != null && state.intValue() > limit.intValue()) {
            return typeName() + ": property '" + def.name() + "' can only change in " + limit + " or lower (element is "
                    + state + ")";
        }
        return null;
    }
}
