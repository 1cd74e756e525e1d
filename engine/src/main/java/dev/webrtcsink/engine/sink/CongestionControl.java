package dev.webrtcsink.engine.sink;

import java.util.Locale;

/** The {@code congestion-control} property (spec §3.1); {@link #GCC} is not implemented (refused at READY→PAUSED). */
public enum CongestionControl {
    DISABLED, HOMEGROWN, GCC;

    public String nick() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CongestionControl fromNick(String nick) {
        return valueOf(nick.toUpperCase(Locale.ROOT));
    }
}
