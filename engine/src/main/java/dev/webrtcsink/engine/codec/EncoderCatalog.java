package dev.webrtcsink.engine.codec;

import static dev.webrtcsink.engine.codec.BitrateUnit.BITS_PER_SECOND;
import static dev.webrtcsink.engine.codec.BitrateUnit.KILOBITS_PER_SECOND;
import static dev.webrtcsink.engine.codec.EncoderSpec.settings;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Real-time configuration and bitrate units of the encoders webrtcsink knows (spec §9.1, §9.2).
 * Encoders not listed here still work, with GStreamer defaults and no bitrate control.
 *
 * <p>Hardware encoders (nv*, va*, qsv*, v4l2*) are listed so a machine that has them gets
 * the right units; only the software ones are exercised by the tests here.
 */
public final class EncoderCatalog {

    private static final Map<String, EncoderSpec> SPECS = new LinkedHashMap<>();

    static {
        // libvpx: bit/s; the rest of the settings make it real-time, CBR, no lookahead.
        for (String vpx : new String[] {"vp8enc", "vp9enc"}) {
            add(new EncoderSpec(vpx, "target-bitrate", BITS_PER_SECOND, b -> settings(
                    "deadline", "1",
                    "target-bitrate", Long.toString(b),
                    "cpu-used", "-16",
                    "keyframe-max-dist", "2000",
                    "keyframe-mode", "disabled",
                    "end-usage", "cbr",
                    "buffer-initial-size", "100",
                    "buffer-optimal-size", "120",
                    "buffer-size", "150",
                    "max-intra-bitrate", "250",
                    "error-resilient", "default",
                    "lag-in-frames", "0")));
        }
        add(new EncoderSpec("x264enc", "bitrate", KILOBITS_PER_SECOND, b -> settings(
                "bitrate", Long.toString(b / 1000),
                "tune", "zerolatency",
                "speed-preset", "ultrafast",
                "threads", "4",
                "key-int-max", "2560",
                "b-adapt", "false",
                "vbv-buf-capacity", "120")));
        add(new EncoderSpec("openh264enc", "bitrate", BITS_PER_SECOND, b -> settings(
                "bitrate", Long.toString(b),
                "gop-size", "2560",
                "rate-control", "bitrate",
                "complexity", "low",
                "background-detection", "false",
                "scene-change-detection", "false")));
        for (String nv : new String[] {"nvh264enc", "nvh265enc"}) {
            add(new EncoderSpec(nv, "bitrate", KILOBITS_PER_SECOND, b -> settings(
                    "bitrate", Long.toString(b / 1000), "gop-size", "2560",
                    "rc-mode", "cbr-ld-hq", "zerolatency", "true")));
        }
        for (String vaapi : new String[] {"vaapih264enc", "vaapivp8enc", "vaapivp9enc"}) {
            add(new EncoderSpec(vaapi, "bitrate", KILOBITS_PER_SECOND, b -> settings(
                    "bitrate", Long.toString(b / 1000), "keyframe-period", "2560", "rate-control", "cbr")));
        }
        for (String va : new String[] {"vavp8enc", "vavp8lpenc", "vavp9enc", "vavp9lpenc", "vah264enc",
                "vah264lpenc", "vah265enc", "vah265lpenc", "vaav1enc", "vaav1lpenc"}) {
            add(new EncoderSpec(va, "bitrate", KILOBITS_PER_SECOND, b -> settings(
                    "bitrate", Long.toString(b / 1000), "key-int-max", "256", "rate-control", "cbr")));
        }
        for (String nvv4l2 : new String[] {"nvv4l2h264enc", "nvv4l2h265enc"}) {
            add(new EncoderSpec(nvv4l2, "bitrate", BITS_PER_SECOND, b -> settings(
                    "bitrate", Long.toString(b), "preset-level", "UltraFastPreset", "maxperf-enable", "true",
                    "insert-vui", "true", "idrinterval", "256", "insert-sps-pps", "true", "insert-aud", "true",
                    "control-rate", "constant_bitrate")));
        }
        for (String nvv4l2 : new String[] {"nvv4l2vp8enc", "nvv4l2vp9enc"}) {
            add(new EncoderSpec(nvv4l2, "bitrate", BITS_PER_SECOND, b -> settings(
                    "bitrate", Long.toString(b), "preset-level", "UltraFastPreset", "maxperf-enable", "true",
                    "idrinterval", "256", "control-rate", "constant_bitrate")));
        }
        add(new EncoderSpec("nvv4l2av1enc", "bitrate", BITS_PER_SECOND, b -> settings(
                "bitrate", Long.toString(b), "maxperf-enable", "true", "control-rate", "constant_bitrate",
                "preset-level", "UltraFastPreset")));
        add(new EncoderSpec("qsvh264enc", "bitrate", KILOBITS_PER_SECOND, b -> settings(
                "bitrate", Long.toString(b / 1000), "gop-size", "2560", "low-latency", "true",
                "disable-hrd-conformance", "true", "rate-control", "cbr")));
        add(new EncoderSpec("nvav1enc", "bitrate", KILOBITS_PER_SECOND, b -> settings(
                "bitrate", Long.toString(b / 1000), "gop-size", "-1", "rc-mode", "cbr", "zerolatency", "true")));
        // av1enc (libaom) takes kbit/s although vp8enc, from the same family of plugins, takes bit/s.
        add(new EncoderSpec("av1enc", "target-bitrate", KILOBITS_PER_SECOND, b -> settings(
                "target-bitrate", Long.toString(b / 1000), "end-usage", "cbr",
                "keyframe-max-dist", Integer.toString(Integer.MAX_VALUE), "usage-profile", "realtime")));
        add(new EncoderSpec("rav1enc", "bitrate", BITS_PER_SECOND, b -> settings(
                "bitrate", Long.toString(b), "low-latency", "true", "max-key-frame-interval", "715827882",
                "speed-preset", "10")));
        for (String vpu : new String[] {"vpuenc_h264", "vpuenc_hevc"}) {
            add(new EncoderSpec(vpu, "bitrate", KILOBITS_PER_SECOND, b -> settings(
                    "bitrate", Long.toString(b / 1000), "gop-size", "2560")));
        }
        add(new EncoderSpec("qtic2venc", "target-bitrate", BITS_PER_SECOND, b -> settings(
                "target-bitrate", Long.toString(b), "idr-interval", "4294967295", "control-rate", "constant")));
        add(new EncoderSpec("v4l2h264enc", "bitrate", BITS_PER_SECOND, b -> settings(
                "bitrate", Long.toString(b), "gop-size", "2560",
                "extra-controls", "controls,repeat_sequence_header=1")));
    }

    private EncoderCatalog() {}

    private static void add(EncoderSpec spec) {
        SPECS.put(spec.factoryName(), spec);
    }

    /** The spec of a known encoder factory. */
    public static Optional<EncoderSpec> find(String factoryName) {
        return Optional.ofNullable(SPECS.get(factoryName));
    }

    /** The spec of a factory, or a plain one (defaults, no bitrate control) for unknown encoders. */
    public static EncoderSpec forFactory(String factoryName) {
        return find(factoryName).orElseGet(() -> EncoderSpec.plain(factoryName));
    }
}
