package dev.webrtcsink.engine.codec;

import java.util.List;
import java.util.Objects;

/**
 * One row of the codec table (spec §6.1): everything needed to encode, parse and payload one
 * codec and to describe it in SDP. Adding a codec means adding one of these to {@link CodecTable}.
 *
 * @param encodingName      SDP encoding name, e.g. {@code VP8}
 * @param kind              audio or video
 * @param caps              encoded caps as GStreamer text, e.g. {@code video/x-vp8}
 * @param encoders          encoder factories to try, most preferred first
 * @param payloader         RTP payloader factory
 * @param parser            parser placed between encoder and payloader, or {@code null}
 * @param clockRate         RTP clock rate
 * @param rtpFields         extra fields (GStreamer caps syntax, no leading comma) of the RTP caps
 *                          offered in SDP; empty when the codec needs none
 * @param encodedStreamCaps caps forced between encoder/parser and payloader when we encode, or
 *                          {@code null}; for H264 this pins a profile browsers decode
 * @param cleanedFields     fields dropped from pre-encoded input caps before matching (spec §6.3)
 */
public record Codec(String encodingName, MediaKind kind, String caps, List<String> encoders,
                   String payloader, String parser, int clockRate, String rtpFields,
                   String encodedStreamCaps, List<String> cleanedFields) {

    public Codec {
        Objects.requireNonNull(encodingName, "encodingName");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(caps, "caps");
        encoders = List.copyOf(encoders);
        Objects.requireNonNull(payloader, "payloader");
        rtpFields = rtpFields == null ? "" : rtpFields;
        cleanedFields = List.copyOf(cleanedFields);
    }

    /** The caps name, e.g. {@code video/x-vp8} (what stats report as {@code codec-name}). */
    public String capsName() {
        int comma = caps.indexOf(',');
        return (comma < 0 ? caps : caps.substring(0, comma)).trim();
    }

    /**
     * The RTP caps describing this codec with payload type {@code pt}, as put in a transceiver's
     * {@code codec-preferences} and matched against the payloader output.
     */
    public String rtpCaps(int pt) {
        StringBuilder sb = new StringBuilder("application/x-rtp, media=(string)").append(kind.sdpName())
                .append(", encoding-name=(string)").append(encodingName)
                .append(", clock-rate=(int)").append(clockRate)
                .append(", payload=(int)").append(pt);
        if (!rtpFields.isEmpty()) {
            sb.append(", ").append(rtpFields);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return encodingName;
    }
}
