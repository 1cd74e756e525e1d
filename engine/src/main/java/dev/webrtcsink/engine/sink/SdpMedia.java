package dev.webrtcsink.engine.sink;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of SDP text the sink logic reads: per m-line, its media, payload types with their
 * rtpmap/fmtp, header extensions, mid and direction. SDP stays text end to end (the native
 * layer owns conversion to GstSDPMessage); this reader is deliberately forgiving and only
 * rejects what makes a description unusable.
 */
public record SdpMedia(int index, String media, int port, List<Integer> formats,
                       Map<Integer, RtpMap> rtpMaps, Map<Integer, String> fmtps,
                       Map<Integer, String> extmaps, String mid, String direction, boolean bundleOnly) {

    /** One {@code a=rtpmap:<pt> <name>/<clock>[/<params>]} line. */
    public record RtpMap(String encodingName, int clockRate, String encodingParams) {}

    /** Transport-wide congestion control extension URI (spec §10.2). */
    public static final String TWCC_URI = dev.webrtcsink.engine.gst.RtpHeaderExtensions.TWCC_URI;

    /** The first payload type of the m-line: what the answerer chose (spec §7.3). */
    public Optional<Integer> firstFormat() {
        return formats.isEmpty() ? Optional.empty() : Optional.of(formats.get(0));
    }

    /** The extension id for a URI, if the m-line declares it. */
    public Optional<Integer> extensionId(String uri) {
        return extmaps.entrySet().stream().filter(e -> e.getValue().equals(uri)).map(Map.Entry::getKey).findFirst();
    }

    /**
     * True when the port is 0 or the direction is inactive: the peer refused this m-line. Port 0 with
     * {@code a=bundle-only} is not a refusal: an offerer using max-bundle (webrtcbin, browsers) marks every bundled
     * m-line after the first that way (RFC 8843 §6).
     */
    public boolean isRejected() {
        return (port == 0 && !bundleOnly) || "inactive".equals(direction);
    }

    /**
     * Parses every m-line of an SDP text.
     *
     * @throws IllegalArgumentException when the text is not SDP (no {@code v=0} line) or an
     *                                  m-line is malformed
     */
    public static List<SdpMedia> parse(String sdp) {
        if (sdp == null || !sdp.stripLeading().startsWith("v=0")) {
            throw new IllegalArgumentException("not an SDP description (missing v=0)");
        }
        List<SdpMedia> out = new ArrayList<>();
        Builder current = null;
        for (String rawLine : sdp.split("\r?\n")) {
            String line = rawLine.strip();
            if (line.startsWith("m=")) {
                if (current != null) {
                    out.add(current.build());
                }
                current = new Builder(out.size(), line.substring(2));
            } else if (current != null && line.startsWith("a=")) {
                current.attribute(line.substring(2));
            }
        }
        if (current != null) {
            out.add(current.build());
        }
        return Collections.unmodifiableList(out);
    }

    private static final class Builder {
        final int index;
        final String media;
        final int port;
        final List<Integer> formats = new ArrayList<>();
        final Map<Integer, RtpMap> rtpMaps = new LinkedHashMap<>();
        final Map<Integer, String> fmtps = new LinkedHashMap<>();
        final Map<Integer, String> extmaps = new LinkedHashMap<>();
        String mid;
        String direction = "sendrecv";
        boolean bundleOnly;

        Builder(int index, String mline) {
            this.index = index;
            String[] parts = mline.split("\\s+");
            if (parts.length < 3) {
                throw new IllegalArgumentException("malformed m-line: m=" + mline);
            }
            this.media = parts[0];
            try {
                this.port = Integer.parseInt(parts[1].split("/")[0]);
                for (int i = 3; i < parts.length; i++) {
                    if (parts[2].contains("RTP")) {
                        formats.add(Integer.parseInt(parts[i]));
                    }
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("malformed m-line: m=" + mline, e);
            }
        }

        void attribute(String attr) {
            int colon = attr.indexOf(':');
            String name = colon < 0 ? attr : attr.substring(0, colon);
            String value = colon < 0 ? "" : attr.substring(colon + 1);
            switch (name.toLowerCase(Locale.ROOT)) {
                case "mid" -> mid = value;
                case "bundle-only" -> bundleOnly = true;
                case "sendrecv", "sendonly", "recvonly", "inactive" -> direction = name;
                case "rtpmap" -> parseRtpMap(value);
                case "fmtp" -> {
                    int sp = value.indexOf(' ');
                    if (sp > 0) {
                        fmtps.put(parseInt(value.substring(0, sp)), value.substring(sp + 1).strip());
                    }
                }
                case "extmap" -> {
                    String[] parts = value.split("\\s+");
                    if (parts.length >= 2) {
                        extmaps.put(parseInt(parts[0].split("/")[0]), parts[1]);
                    }
                }
                default -> { }
            }
        }

        private void parseRtpMap(String value) {
            String[] parts = value.split("\\s+", 2);
            if (parts.length < 2) {
                return;
            }
            String[] enc = parts[1].split("/");
            int clock = enc.length > 1 ? parseInt(enc[1]) : 0;
            rtpMaps.put(parseInt(parts[0]), new RtpMap(enc[0], clock, enc.length > 2 ? enc[2] : null));
        }

        private static int parseInt(String s) {
            try {
                return Integer.parseInt(s.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("malformed SDP attribute value '" + s + "'", e);
            }
        }

        SdpMedia build() {
            return new SdpMedia(index, media, port, List.copyOf(formats), Collections.unmodifiableMap(rtpMaps),
                    Collections.unmodifiableMap(fmtps), Collections.unmodifiableMap(extmaps), mid, direction, bundleOnly);
        }
    }
}
