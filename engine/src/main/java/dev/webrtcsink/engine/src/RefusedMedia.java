package dev.webrtcsink.engine.src;

import dev.webrtcsink.engine.sink.SdpMedia;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * SDP handling that keeps a hostile peer from crashing webrtcbin 1.22 with media for an m-line it has no transceiver
 * for (see {@link dev.webrtcsink.engine.gst.IgnoredPayloadTypes}): a <em>dead</em> m-line (refused with port 0, or
 * not carrying media to us) must not announce SSRCs to webrtcbin, and its payload types are dropped.
 */
final class RefusedMedia {
    private RefusedMedia() {}

    /**
     * The SDP without {@code a=ssrc:} / {@code a=ssrc-group:} lines in the given m-lines: webrtcbin maps every SSRC a
     * remote description lists to that m-line's index, even for a refused m-line, and later looks a transceiver up
     * by that index. Line endings are kept.
     */
    static String withoutSsrcs(String sdp, Set<Integer> mlines) {
        if (mlines.isEmpty()) {
            return sdp;
        }
        StringBuilder out = new StringBuilder(sdp.length());
        int mline = -1;
        for (String line : sdp.split("(?<=\n)")) {
            if (line.startsWith("m=")) {
                mline++;
            }
            if (mlines.contains(mline) && (line.startsWith("a=ssrc:") || line.startsWith("a=ssrc-group:"))) {
                continue;
            }
            out.append(line);
        }
        return out.toString();
    }

    /**
     * The remote description as webrtcbin gets it: no SSRC lines in dead m-lines ({@link #withoutSsrcs}), and dead
     * m-lines out of the BUNDLE group. webrtcbin makes the group's first mid the transport of every bundled m-line
     * and maps a stream whose SSRC no m-line announces to that m-line: a dead one has no transceiver for it.
     */
    static String sanitize(String sdp, List<SdpMedia> medias, Set<Integer> dead) {
        Set<String> deadMids = new TreeSet<>();
        for (SdpMedia m : medias) {
            if (dead.contains(m.index()) && m.mid() != null) {
                deadMids.add(m.mid());
            }
        }
        StringBuilder out = new StringBuilder(sdp.length());
        for (String line : withoutSsrcs(sdp, dead).split("(?<=\n)")) {
            if (!deadMids.isEmpty() && line.startsWith("a=group:BUNDLE")) {
                String end = line.substring(line.stripTrailing().length());
                List<String> kept = java.util.Arrays.stream(line.strip().substring("a=group:BUNDLE".length())
                        .trim().split("\\s+")).filter(mid -> !mid.isEmpty() && !deadMids.contains(mid)).toList();
                if (kept.isEmpty()) {
                    continue;
                }
                line = "a=group:BUNDLE " + String.join(" ", kept) + end;
            }
            out.append(line);
        }
        return out.toString();
    }

    /** Indexes of the m-lines that list SSRCs. */
    static Set<Integer> withSsrcs(String sdp) {
        Set<Integer> out = new TreeSet<>();
        int mline = -1;
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("m=")) {
                mline++;
            } else if (mline >= 0 && line.startsWith("a=ssrc:")) {
                out.add(mline);
            }
        }
        return out;
    }

    /**
     * Payload types to drop: those of the dead m-lines in any of the descriptions, except those a live m-line of the
     * applied description uses (one BUNDLE transport shares one payload type space; a live stream is never dropped).
     *
     * @param applied the description whose m-lines webrtcbin sets up (the remote answer, or our local answer)
     * @param others further descriptions of the same negotiation (our offer, the remote offer)
     */
    static Set<Integer> payloadTypesToDrop(Set<Integer> dead, List<SdpMedia> applied, Collection<List<SdpMedia>> others) {
        Set<Integer> drop = new TreeSet<>();
        Set<Integer> live = new TreeSet<>();
        for (SdpMedia m : applied) {
            (dead.contains(m.index()) ? drop : live).addAll(m.formats());
        }
        for (List<SdpMedia> description : others) {
            for (SdpMedia m : description) {
                if (dead.contains(m.index())) {
                    drop.addAll(m.formats());
                }
            }
        }
        drop.removeAll(live);
        return drop;
    }

    /**
     * Whether the m-line can carry media to a receive-only consumer: audio or video, sendonly or sendrecv, with a
     * format webrtcbin can map to caps (an {@code a=rtpmap}, or a static payload type). webrtcbin answers an m-line
     * without one with port 0 after making a transceiver for it, which then has no transport: a stream for it would
     * fail {@code g_assert (trans->stream == stream)} in on_rtpbin_pad_added and abort.
     */
    static boolean sendsToUs(SdpMedia m) {
        return ("audio".equals(m.media()) || "video".equals(m.media()))
                && ("sendonly".equals(m.direction()) || "sendrecv".equals(m.direction()))
                && m.formats().stream().anyMatch(pt -> pt < FIRST_UNASSIGNED_PAYLOAD || m.rtpMaps().containsKey(pt));
    }

    /** Payload types from here on have no static meaning (RFC 3551): they need an {@code a=rtpmap}. */
    private static final int FIRST_UNASSIGNED_PAYLOAD = 35;
}
