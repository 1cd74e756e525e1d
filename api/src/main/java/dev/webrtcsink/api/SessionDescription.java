package dev.webrtcsink.api;

import java.util.Locale;
import java.util.Objects;

/**
 * A session description as it travels through signalling: its type and the SDP text.
 * SDP stays text end to end; only the element layer turns it into a native description.
 */
public record SessionDescription(Type type, String sdp) {

    /** The SDP types WebRTC knows; signalling protocols carry offers and answers. */
    public enum Type {
        OFFER, PRANSWER, ANSWER, ROLLBACK;

        /** Lower-case wire name ({@code "offer"}, {@code "answer"}, ...). */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses a wire name, case-insensitively. */
        public static Type fromWireName(String name) {
            for (Type t : values()) {
                if (t.wireName().equalsIgnoreCase(name)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown SDP type '" + name + "'");
        }
    }

    public SessionDescription {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sdp, "sdp");
    }

    public static SessionDescription offer(String sdp) {
        return new SessionDescription(Type.OFFER, sdp);
    }

    public static SessionDescription answer(String sdp) {
        return new SessionDescription(Type.ANSWER, sdp);
    }

    @Override
    public String toString() {
        return "SessionDescription[" + type.wireName() + ", " + sdp.length() + " chars]";
    }
}
