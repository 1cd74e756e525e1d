package dev.webrtcsink.engine.src;

import dev.webrtcsink.engine.sink.SdpMedia;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The codecs webrtcsrc accepts ({@code video-codecs} / {@code audio-codecs}, spec §2.1) and the caps derived from
 * them: RTP caps to offer, caps of an offered m-line to accept (codec-preferences of the answering transceiver) and
 * the encoded/raw caps used to ask downstream what it wants (spec §8). Immutable.
 *
 * @param video accepted video codec names in preference order (upper case, known names only)
 * @param audio accepted audio codec names in preference order
 */
record CodecPreferences(List<String> video, List<String> audio) {
    static final List<String> KNOWN_VIDEO = List.of("VP8", "H264", "VP9", "H265", "AV1", "RAW");
    static final List<String> KNOWN_AUDIO = List.of("OPUS", "MULTIOPUS", "L24", "L16", "L8");
    static final List<String> DEFAULT_VIDEO = List.of("VP8", "H264", "VP9", "H265", "AV1");
    static final List<String> DEFAULT_AUDIO = List.of("OPUS", "MULTIOPUS");
    /** Receivers keep transport-wide congestion control feedback so producers can adapt (spec of webrtcsink §10.2). */
    static final String TWCC_URI = SdpMedia.TWCC_URI;
    /** Constrained baseline, as upstream offers it (spec §6). */
    static final String H264_PROFILE_LEVEL_ID = "42e016";

    CodecPreferences {
        video = List.copyOf(video);
        audio = List.copyOf(audio);
    }

    /** From the two property values (see {@link #parseNames}). */
    static CodecPreferences of(List<String> videoCodecs, List<String> audioCodecs) {
        return new CodecPreferences(known(videoCodecs, KNOWN_VIDEO), known(audioCodecs, KNOWN_AUDIO));
    }

    /** The known names of a list, upper-cased, first occurrence kept; unknown names are dropped, as upstream does. */
    static List<String> known(List<String> names, List<String> known) {
        Set<String> out = new LinkedHashSet<>();
        for (String name : names) {
            String upper = name.strip().toUpperCase(Locale.ROOT);
            if (known.contains(upper)) {
                out.add(upper);
            }
        }
        return List.copyOf(out);
    }

    List<String> names(boolean videoKind) {
        return videoKind ? video : audio;
    }

    /** Whether an SDP encoding name (any case) is accepted for this kind of media. */
    boolean accepts(boolean videoKind, String encodingName) {
        return names(videoKind).contains(encodingName.toUpperCase(Locale.ROOT));
    }

    // ------------------------------------------------------------------ answering (spec §7)

    /**
     * The codec-preferences of the transceiver answering {@code media}: one {@code application/x-rtp} structure per
     * offered format whose codec we accept, in the offer's order, carrying the m-line's transport-cc header extension
     * (webrtcbin 1.22 answers only the extensions its codec preferences name). Empty when nothing is acceptable.
     */
    String acceptedCaps(SdpMedia media) {
        boolean videoKind = "video".equals(media.media());
        if (!videoKind && !"audio".equals(media.media())) {
            return "";
        }
        // only transport-cc: the one extension a receiver must echo for the producer's congestion control; others
        // (mid, abs-send-time, ...) are left to webrtcbin's defaults
        String extensions = media.extensionId(TWCC_URI)
                .map(id -> ", extmap-" + id + "=(string)\"" + TWCC_URI + "\"").orElse("");
        List<String> structures = new ArrayList<>();
        for (int pt : media.formats()) {
            SdpMedia.RtpMap map = media.rtpMaps().get(pt);
            if (map == null || !accepts(videoKind, map.encodingName())) {
                continue;
            }
            // few fields on purpose: webrtcbin intersects these with the offer's own caps (fmtp included)
            structures.add("application/x-rtp, media=(string)" + media.media() + ", payload=(int)" + pt
                    + ", encoding-name=(string)" + map.encodingName().toUpperCase(Locale.ROOT)
                    + ", clock-rate=(int)" + map.clockRate() + extensions);
        }
        return String.join("; ", structures);
    }

    // ------------------------------------------------------------------ offering (spec §6)

    /**
     * RTP caps offering every configured codec of one kind, payload types counting up from {@code firstPayload}.
     * Returns the caps and the next free payload type.
     */
    OfferCaps offerCaps(boolean videoKind, int firstPayload) {
        List<String> structures = new ArrayList<>();
        int pt = firstPayload;
        for (String name : names(videoKind)) {
            if (name.equals("RAW")) {
                continue; // raw video over RTP is not offered by default (no depayloader negotiation here)
            }
            if (pt > 126) { // unreachable with today's 11 known codecs; kept for the spec's rule
                org.slf4j.LoggerFactory.getLogger(CodecPreferences.class).warn(
                        "dynamic payload types 96-126 exhausted: {} and later codecs not offered", name);
                break;
            }
            StringBuilder s = new StringBuilder("application/x-rtp, media=(string)").append(videoKind ? "video" : "audio")
                    .append(", payload=(int)").append(pt)
                    .append(", clock-rate=(int)").append(clockRate(name))
                    .append(", encoding-name=(string)").append(name);
            if (name.equals("H264")) {
                s.append(", profile-level-id=(string)").append(H264_PROFILE_LEVEL_ID)
                        .append(", packetization-mode=(string)1");
            }
            if (name.equals("OPUS") || name.equals("MULTIOPUS")) {
                s.append(", encoding-params=(string)2");
            }
            structures.add(s.toString());
            pt++;
        }
        return new OfferCaps(String.join("; ", structures), pt);
    }

    record OfferCaps(String caps, int nextPayload) {}

    static int clockRate(String codec) {
        return switch (codec) {
            case "OPUS", "MULTIOPUS", "L24", "L16", "L8" -> 48000;
            default -> 90000;
        };
    }

    // ------------------------------------------------------------------ downstream query (spec §8)

    /**
     * The filter for the decoding decision (spec §8.3), in upstream's order: this stream's RTP caps, raw caps, then
     * the encoded formats of the accepted codecs. The peer answers in the filter's order, so a peer that takes
     * anything (fakesink, playbin3's decodebin3, an unlinked pad) gets RTP and decodes it itself, as with upstream.
     */
    String downstreamFilter(boolean videoKind, String rtpCaps) {
        List<String> parts = new ArrayList<>();
        parts.add(rtpCaps != null && !rtpCaps.isEmpty() ? rtpCaps : "application/x-rtp");
        parts.add(videoKind ? "video/x-raw(ANY)" : "audio/x-raw(ANY)");
        for (String name : names(videoKind)) {
            String encoded = encodedCaps(name);
            if (encoded != null) {
                parts.add(encoded);
            }
        }
        return String.join("; ", parts);
    }

    /** The depayloaded media type of a codec, or null (raw formats). */
    static String encodedCaps(String codec) {
        return switch (codec) {
            case "VP8" -> "video/x-vp8";
            case "VP9" -> "video/x-vp9";
            case "H264" -> "video/x-h264";
            case "H265" -> "video/x-h265";
            case "AV1" -> "video/x-av1";
            case "OPUS" -> "audio/x-opus, channel-mapping-family=(int)0";
            case "MULTIOPUS" -> "audio/x-opus, channel-mapping-family=(int)1";
            default -> null;
        };
    }
}
