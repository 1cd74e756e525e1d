package dev.webrtcsink.engine.codec;

import java.util.List;
import java.util.Optional;

/**
 * The codecs webrtcsink can send, in upstream's table order (spec §6.1), which is also the
 * tie-break order when a caps preference matches several rows.
 *
 * <p>Not (yet) supported: MULTIOPUS and the raw RTP formats (L24/L16/L8, RAW video); their
 * payloaders need caps-dependent SDP parameters that this table does not model.
 */
public final class CodecTable {

    /** H264 profile we encode with: accepted by Chromium, Firefox and Safari alike. */
    public static final String H264_PROFILE = "constrained-baseline";

    public static final Codec OPUS = new Codec("OPUS", MediaKind.AUDIO,
            "audio/x-opus, channel-mapping-family=(int)0",
            List.of("opusenc"), "rtpopuspay", null, 48000,
            "encoding-params=(string)2", null, List.of("streamheader"));

    public static final Codec VP8 = new Codec("VP8", MediaKind.VIDEO, "video/x-vp8",
            List.of("vp8enc", "vavp8enc", "vavp8lpenc", "vaapivp8enc", "nvv4l2vp8enc"),
            "rtpvp8pay", null, 90000, "", null, List.of("profile"));

    // openh264enc only produces (constrained-)baseline; x264enc is pinned there by the caps below
    // (it would default to "high", which Chromium's default H264 offer does not include).
    public static final Codec H264 = new Codec("H264", MediaKind.VIDEO, "video/x-h264",
            List.of("x264enc", "openh264enc", "nvh264enc", "vah264enc", "vah264lpenc", "vaapih264enc",
                    "qsvh264enc", "nvv4l2h264enc", "vpuenc_h264", "v4l2h264enc", "qtic2venc"),
            "rtph264pay", "h264parse", 90000,
            "packetization-mode=(string)1, profile-level-id=(string)42e01f, level-asymmetry-allowed=(string)1",
            "video/x-h264, stream-format=(string)avc, alignment=(string)au, profile=(string)" + H264_PROFILE,
            List.of("codec_data"));

    public static final Codec VP9 = new Codec("VP9", MediaKind.VIDEO, "video/x-vp9",
            List.of("vp9enc", "vavp9enc", "vavp9lpenc", "vaapivp9enc", "nvv4l2vp9enc"),
            "rtpvp9pay", "vp9parse", 90000, "", null, List.of("profile"));

    public static final Codec H265 = new Codec("H265", MediaKind.VIDEO, "video/x-h265",
            List.of("x265enc", "nvh265enc", "vah265enc", "vah265lpenc", "nvv4l2h265enc", "vpuenc_hevc"),
            "rtph265pay", "h265parse", 90000, "",
            "video/x-h265, stream-format=(string)hvc1, alignment=(string)au", List.of("codec_data"));

    public static final Codec AV1 = new Codec("AV1", MediaKind.VIDEO, "video/x-av1",
            List.of("av1enc", "rav1enc", "nvav1enc", "vaav1enc", "vaav1lpenc", "nvv4l2av1enc"),
            "rtpav1pay", "av1parse", 90000, "", null, List.of());

    /** All rows, in table order. */
    public static final List<Codec> ALL = List.of(OPUS, VP8, H264, VP9, H265, AV1);

    /** Default {@code video-caps}: every video codec, table order. */
    public static final String DEFAULT_VIDEO_CAPS = "video/x-vp8; video/x-h264; video/x-vp9; video/x-h265; video/x-av1";

    /** Default {@code audio-caps}. */
    public static final String DEFAULT_AUDIO_CAPS = "audio/x-opus, channel-mapping-family=(int)0";

    private CodecTable() {}

    /** Looks a codec up by SDP encoding name, case-insensitively. */
    public static Optional<Codec> byEncodingName(String encodingName) {
        return ALL.stream().filter(c -> c.encodingName().equalsIgnoreCase(encodingName)).findFirst();
    }

    /** Looks a codec up by caps name, e.g. {@code video/x-h264}. */
    public static Optional<Codec> byCapsName(String capsName) {
        return ALL.stream().filter(c -> c.capsName().equals(capsName)).findFirst();
    }
}
