package dev.webrtcsink.engine.codec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * What we know about one encoder factory: how to configure it for real-time streaming
 * (spec §9.1) and how to drive its bitrate at run time (spec §9.2).
 *
 * @param factoryName      GStreamer element factory, e.g. {@code x264enc}
 * @param bitrateProperty  property controlling the bitrate, or {@code null} when the encoder
 *                         has no runtime bitrate control we know of
 * @param bitrateUnit      unit of {@code bitrateProperty}
 * @param defaultSettings  property name to value text (as {@code gst-launch} would parse it),
 *                         computed from the start bitrate in bit/s; order is application order
 */
public record EncoderSpec(String factoryName, String bitrateProperty, BitrateUnit bitrateUnit,
                          LongFunction<Map<String, String>> defaultSettings) {

    public EncoderSpec {
        Objects.requireNonNull(factoryName, "factoryName");
        Objects.requireNonNull(bitrateUnit, "bitrateUnit");
        Objects.requireNonNull(defaultSettings, "defaultSettings");
    }

    /** An encoder we can create but know nothing special about (audio encoders, unknown video ones). */
    public static EncoderSpec plain(String factoryName) {
        return new EncoderSpec(factoryName, null, BitrateUnit.BITS_PER_SECOND, b -> Map.of());
    }

    /** True when congestion control can change this encoder's bitrate while it runs. */
    public boolean supportsBitrateControl() {
        return bitrateProperty != null;
    }

    /** The bitrate property and its value for {@code bitsPerSecond}, if the encoder has one. */
    public Optional<Map.Entry<String, Long>> bitrateSetting(long bitsPerSecond) {
        if (bitrateProperty == null) {
            return Optional.empty();
        }
        return Optional.of(Map.entry(bitrateProperty, bitrateUnit.toPropertyValue(bitsPerSecond)));
    }

    /** The default configuration for a start bitrate in bit/s, in application order. */
    public Map<String, String> settingsFor(long startBitrate) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(defaultSettings.apply(startBitrate)));
    }

    /** Small builder so the catalog reads like the spec table. */
    static Map<String, String> settings(String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("settings need name/value pairs");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
