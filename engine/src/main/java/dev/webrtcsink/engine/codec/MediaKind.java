package dev.webrtcsink.engine.codec;

import java.util.Locale;

/** Audio or video: decides which pad template, caps property and SDP media a stream uses. */
public enum MediaKind {
    AUDIO, VIDEO;

    /** The SDP media name and the {@code media} field of RTP caps ({@code audio}/{@code video}). */
    public String sdpName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind of a caps name such as {@code video/x-vp8} or {@code audio/x-raw}. */
    public static MediaKind ofCapsName(String capsName) {
        if (capsName.startsWith("video/")) {
            return VIDEO;
        }
        if (capsName.startsWith("audio/")) {
            return AUDIO;
        }
        throw new IllegalArgumentException("not audio or video caps: " + capsName);
    }

    /** Parses {@code audio}/{@code video} as found on an SDP m-line; null for other media. */
    public static MediaKind ofSdpMedia(String media) {
        return switch (media) {
            case "audio" -> AUDIO;
            case "video" -> VIDEO;
            default -> null;
        };
    }
}
