package dev.webrtcsink.engine.codec;

/**
 * The unit an encoder's bitrate property is expressed in. Encoders disagree (spec §9.2):
 * vp8enc wants bit/s, x264enc kbit/s, openh264enc bit/s again. Everything in this project
 * speaks bit/s and converts at the property boundary, here.
 */
public enum BitrateUnit {
    BITS_PER_SECOND(1),
    /** kbit/s; conversion truncates like upstream (integer division by 1000). */
    KILOBITS_PER_SECOND(1000);

    private final long divisor;

    BitrateUnit(long divisor) {
        this.divisor = divisor;
    }

    /** The property value for a bitrate in bit/s. */
    public long toPropertyValue(long bitsPerSecond) {
        return bitsPerSecond / divisor;
    }

    /** The bitrate in bit/s for a property value. */
    public long toBitsPerSecond(long propertyValue) {
        return propertyValue * divisor;
    }
}
