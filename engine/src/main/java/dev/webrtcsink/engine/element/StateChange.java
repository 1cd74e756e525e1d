package dev.webrtcsink.engine.element;

import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.glib.NativeEnum;

/** A GstStateChange: one step between adjacent states (or the same state, since GStreamer 1.14). */
public record StateChange(State current, State next) {
    public static final StateChange NULL_TO_READY = new StateChange(State.NULL, State.READY);
    public static final StateChange READY_TO_PAUSED = new StateChange(State.READY, State.PAUSED);
    public static final StateChange PAUSED_TO_PLAYING = new StateChange(State.PAUSED, State.PLAYING);
    public static final StateChange PLAYING_TO_PAUSED = new StateChange(State.PLAYING, State.PAUSED);
    public static final StateChange PAUSED_TO_READY = new StateChange(State.PAUSED, State.READY);
    public static final StateChange READY_TO_NULL = new StateChange(State.READY, State.NULL);

    /** Decodes GST_STATE_TRANSITION(cur, next) = cur << 3 | next. */
    static StateChange fromNative(int transition) {
        return new StateChange(NativeEnum.fromInt(State.class, (transition >> 3) & 7),
                NativeEnum.fromInt(State.class, transition & 7));
    }

    int toNative() {
        return current.intValue() << 3 | next.intValue();
    }

    public boolean isUpward() {
        return next.intValue() > current.intValue();
    }

    @Override
    public String toString() {
        return current + "->" + next;
    }
}
