package dev.webrtcsink.engine.src;

import com.sun.jna.Pointer;
import dev.webrtcsink.engine.natives.ObjectProperties;
import dev.webrtcsink.engine.natives.Signals;
import java.util.concurrent.atomic.AtomicBoolean;
import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.GhostPad;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.event.EOSEvent;
import org.freedesktop.gstreamer.glib.Natives;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One received stream exposed as a source pad of the element (spec §8), built when webrtcbin adds the stream's pad:
 *
 * <pre>
 *   webrtcbin pad ─▶ [decodebin3 caps=&lt;what downstream wants&gt;] ─▶ tee ─▶ session-bin ghost ─▶ element pad video_N
 * </pre>
 *
 * The element pad is added first, so that the application links it from its pad-added handler; then the peer is
 * asked which of raw / encoded / RTP caps it takes, which decides whether and how far to decode. Everything on the
 * media path is native. The {@code tee allow-not-linked=true} keeps a stream nobody linked (e.g. audio in
 * {@code webrtcsrc ! videoconvert ! autovideosink}) from failing the others with not-linked; upstream combines flow
 * returns in Java for that, which would put Java on the per-buffer path.
 */
final class StreamOutput {
    private static final Logger LOG = LoggerFactory.getLogger(StreamOutput.class);

    /** What the stream is decoded to. */
    enum Output { DECODED, ENCODED, RTP }

    /** A pending stream of a negotiated m-line, before webrtcbin adds its pad. */
    record Slot(int mline, String padName, boolean video, String streamId, int groupId, String rtpCaps) {}

    private final Slot slot;
    private final WebRTCSrcElement element;
    private final Bin sessionBin;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Element tee;
    private volatile Pad exposed;
    private volatile Output output;
    private volatile String outputCaps;

    StreamOutput(Slot slot, WebRTCSrcElement element, Bin sessionBin) {
        this.slot = slot;
        this.element = element;
        this.sessionBin = sessionBin;
    }

    Slot slot() {
        return slot;
    }

    Pad exposedPad() {
        return exposed;
    }

    /**
     * Builds the branch from webrtcbin's new src pad. Runs on webrtcbin's streaming thread inside pad-added, before
     * any data leaves that pad.
     */
    void build(Pad webrtcbinPad, CodecPreferences codecs, String producerId) {
        Element t = ElementFactory.make("tee", "tee_" + slot.padName());
        t.set("allow-not-linked", true);
        sessionBin.add(t);
        t.syncStateWithParent();
        tee = t;
        Pad teeSink = t.getStaticPad("sink");
        StreamStartRewriter.install(teeSink, slot.streamId(), slot.groupId());
        GhostPad sessionGhost = new GhostPad("src_" + slot.padName(), t.getRequestPad("src_%u"));
        sessionBin.addPad(sessionGhost);
        exposed = element.addGhostPad(slot.padName(), slot.video() ? "video_%u" : "audio_%u", sessionGhost);
        // the application's pad-added handlers have run: ask what the peer takes
        String filter = codecs.downstreamFilter(slot.video(), slot.rtpCaps());
        Caps wanted = exposed.peerQueryCaps(Caps.fromString(filter));
        String first = wanted == null || wanted.isEmpty() ? null : wanted.getStructure(0).getName();
        if (first == null || first.endsWith("/x-raw")) {
            output = Output.DECODED;
        } else if (first.equals("application/x-rtp")) {
            output = Output.RTP;
        } else {
            output = Output.ENCODED;
        }
        outputCaps = wanted == null ? null : wanted.toString();
        Element encodedFilter = element.requestEncodedFilter(producerId, slot.padName(), wanted);
        if (output == Output.RTP) {
            linkThrough(webrtcbinPad, encodedFilter, teeSink);
            return;
        }
        Element decodebin = ElementFactory.make("decodebin3", "decodebin_" + slot.padName());
        if (output == Output.ENCODED) {
            decodebin.set("caps", wanted); // stop decoding at what downstream takes (e.g. video/x-vp8)
        }
        sessionBin.add(decodebin);
        Signals.connect(Natives.getRawPointer(decodebin), "deep-element-added", false, args -> {
            requestKeyframesOnLoss((Pointer) args[2]);
            return null;
        });
        Signals.connect(Natives.getRawPointer(decodebin), "pad-added", false, args -> {
            linkOnce(pad((Pointer) args[1]), teeSink);
            return null;
        });
        decodebin.syncStateWithParent();
        if (encodedFilter == null) {
            link(webrtcbinPad, decodebin.getStaticPad("sink"));
        } else {
            // spec §8.5: webrtcbin pad ! parsebin ! <filter> ! decodebin3
            Element parsebin = ElementFactory.make("parsebin", "parsebin_" + slot.padName());
            sessionBin.add(parsebin);
            sessionBin.add(encodedFilter);
            encodedFilter.syncStateWithParent();
            Pad decodebinSink = decodebin.getStaticPad("sink");
            Signals.connect(Natives.getRawPointer(parsebin), "pad-added", false, args -> {
                linkOnce(pad((Pointer) args[1]), encodedFilter.getStaticPad("sink"));
                return null;
            });
            link(encodedFilter.getStaticPad("src"), decodebinSink);
            parsebin.syncStateWithParent();
            link(webrtcbinPad, parsebin.getStaticPad("sink"));
        }
    }

    /**
     * Depayloaders (rtph264depay, rtpvp8depay, ...) ask the sender for a key frame after packet loss only when told
     * to; with the long GOPs WebRTC encoders use, a lost packet would otherwise corrupt or stall video until the
     * next periodic key frame.
     */
    private static void requestKeyframesOnLoss(Pointer element) {
        if (ObjectProperties.has(element, "request-keyframe")) {
            ObjectProperties.set(element, "request-keyframe", true);
        }
    }

    private void linkThrough(Pad from, Element filter, Pad to) {
        if (filter == null) {
            link(from, to);
            return;
        }
        sessionBin.add(filter);
        filter.syncStateWithParent();
        link(filter.getStaticPad("src"), to);
        link(from, filter.getStaticPad("sink"));
    }

    private void linkOnce(Pad from, Pad to) {
        if (to.isLinked()) {
            LOG.debug("{}: extra pad {} ignored", slot.padName(), from.getName());
            return;
        }
        link(from, to);
    }

    private void link(Pad from, Pad to) {
        try {
            from.link(to);
        } catch (RuntimeException e) {
            element.postError("Failed to link the output of " + slot.padName() + ": " + e.getMessage(),
                    from + " -> " + to);
        }
    }

    private static Pad pad(Pointer borrowed) {
        return Natives.objectFor(borrowed, Pad.class, true, true);
    }

    /** Ends the stream downstream: EOS into the tee, so it flows out of the element pad in order with the data. */
    void endOfStream() {
        Element t = tee;
        if (t != null && ended.compareAndSet(false, true)) {
            t.getStaticPad("sink").sendEvent(new EOSEvent());
        }
    }

    /** Removes the element pad (the session bin takes the branch elements with it). */
    void removeExposedPad() {
        Pad p = exposed;
        exposed = null;
        if (p != null) {
            element.removePad(p);
        }
    }

    String dump() {
        Pad p = exposed;
        return slot.padName() + " mline=" + slot.mline() + " stream-id=" + slot.streamId() + " output=" + output
                + (outputCaps == null ? "" : " (" + outputCaps + ")")
                + (p == null ? " (not exposed)" : p.isLinked() ? " linked" : " unlinked")
                + (ended.get() ? " EOS" : "");
    }

    @Override
    public String toString() {
        return slot.padName();
    }
}
