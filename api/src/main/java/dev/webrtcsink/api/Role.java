package dev.webrtcsink.api;

import java.util.Locale;

/** What a signaller does for its element: serve media, receive media, or only watch. */
public enum Role {
    /** Serves streams (webrtcsink and its variants). */
    PRODUCER,
    /** Receives a stream (webrtcsrc and its variants). */
    CONSUMER,
    /** Only learns which producers exist (applications, browsers' lists). */
    LISTENER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
