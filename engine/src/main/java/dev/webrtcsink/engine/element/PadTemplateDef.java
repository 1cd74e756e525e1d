package dev.webrtcsink.engine.element;

import java.util.Objects;

/**
 * A pad template of a Java-defined element. Immutable.
 *
 * @param nameTemplate e.g. {@code video_%u} for request pads, {@code src} for always pads
 * @param direction    SRC or SINK
 * @param presence     ALWAYS, SOMETIMES or REQUEST
 * @param caps         caps text, e.g. {@code "video/x-raw; video/x-vp8"} or {@code "ANY"}
 * @param padType      the GType of pads created from it (a Java-defined GstGhostPad subclass), or null
 */
public record PadTemplateDef(String nameTemplate, Direction direction, Presence presence, String caps, ObjectType<?> padType) {
    /** GstPadDirection. */
    public enum Direction { SRC, SINK }

    /** GstPadPresence. */
    public enum Presence { ALWAYS, SOMETIMES, REQUEST }

    public PadTemplateDef {
        Objects.requireNonNull(nameTemplate, "nameTemplate");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(presence, "presence");
        Objects.requireNonNull(caps, "caps");
        if (presence == Presence.REQUEST && !nameTemplate.contains("%")) {
            throw new IllegalArgumentException("request template '" + nameTemplate + "' needs a %u, %d or %s");
        }
    }

    public static PadTemplateDef requestSink(String nameTemplate, String caps) {
        return new PadTemplateDef(nameTemplate, Direction.SINK, Presence.REQUEST, caps, null);
    }

    public static PadTemplateDef alwaysSrc(String nameTemplate, String caps) {
        return new PadTemplateDef(nameTemplate, Direction.SRC, Presence.ALWAYS, caps, null);
    }

    public static PadTemplateDef sometimesSrc(String nameTemplate, String caps) {
        return new PadTemplateDef(nameTemplate, Direction.SRC, Presence.SOMETIMES, caps, null);
    }

    /** The same template creating pads of {@code type} (which must derive from GstGhostPad). */
    public PadTemplateDef withPadType(ObjectType<?> type) {
        return new PadTemplateDef(nameTemplate, direction, presence, caps, type);
    }

    int nativeDirection() {
        return direction == Direction.SRC ? 1 : 2;
    }

    int nativePresence() {
        return presence.ordinal();
    }
}
