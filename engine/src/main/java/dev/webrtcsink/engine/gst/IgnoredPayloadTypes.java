package dev.webrtcsink.engine.gst;

import com.sun.jna.Pointer;
import dev.webrtcsink.engine.natives.GObjectLib;
import dev.webrtcsink.engine.natives.GstLib;
import dev.webrtcsink.engine.natives.ObjectProperties;
import dev.webrtcsink.engine.natives.SignalConnection;
import dev.webrtcsink.engine.natives.Signals;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.glib.Natives;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Payload types whose RTP a webrtcbin must drop before it exposes a stream for them: the payload types of m-lines
 * that were refused (port 0) or that must not carry media to us.
 *
 * <p>Why: webrtcbin 1.22 (still so in GStreamer main) exposes every stream its rtpbin demuxes. For a stream whose
 * SSRC the remote description listed under a refused m-line, {@code on_rtpbin_pad_added} finds no transceiver for
 * that m-line (a refused m-line never gets its index) and dereferences NULL (gstwebrtcbin.c:7246, after the
 * "code should not be reached" warning of line 7244): a peer that sends media for an m-line it refused kills the
 * process. Nothing in GLib's logging is involved; the warning is not fatal, the NULL dereference is.
 *
 * <p>How: rtpbin makes one {@code rtpptdemux} per SSRC; each gets these payload types in its
 * {@code ignored-payload-types} as rtpbin adds it (an {@code element-added} handler on webrtcbin's internal
 * {@code rtpbin}: Java runs once per new SSRC, never per packet), so the demuxer drops those packets natively and
 * never adds a pad. rtpbin itself appends FEC payload types to that list later; {@link #set} merges with what a
 * demuxer already ignores.
 */
public final class IgnoredPayloadTypes implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IgnoredPayloadTypes.class);
    private static final String PTDEMUX_TYPE = "GstRtpPtDemux";
    private static final String PROPERTY = "ignored-payload-types";

    private final Pointer rtpbin;
    private final String owner;
    private final SignalConnection connection;
    private volatile Set<Integer> ignored = Set.of();
    private boolean closed;

    private IgnoredPayloadTypes(Pointer rtpbin, String owner) {
        this.rtpbin = rtpbin;
        this.owner = owner;
        this.connection = Signals.connect(rtpbin, "element-added", false, args -> {
            onElementAdded((Pointer) args[1]);
            return null;
        });
    }

    /** Watches the rtpbin inside {@code webrtcbin}; call before any media can arrive (before the descriptions). */
    public static IgnoredPayloadTypes install(WebRtcBin webrtcbin) {
        Pointer rtpbin = GstLib.LIB.gst_bin_get_by_name(webrtcbin.pointer(), "rtpbin");
        if (rtpbin == null) {
            throw new WebRtcException("webrtcbin has no child 'rtpbin': cannot guard its RTP demuxers");
        }
        return new IgnoredPayloadTypes(rtpbin, dev.webrtcsink.engine.natives.NativeSupport.objectName(webrtcbin.pointer()));
    }

    /**
     * For a webrtcbin that never receives media (webrtcsink's): every {@code rtpptdemux} its rtpbin makes drops every
     * payload type, so a consumer sending media on an m-line webrtcbin set up for receiving (it answers extra offered
     * m-lines recvonly by itself) or announced under a refused one reaches no pad. The handler lives as long as the
     * webrtcbin: nothing to close.
     */
    public static void dropAll(Pointer webrtcbin) {
        Pointer rtpbin = GstLib.LIB.gst_bin_get_by_name(webrtcbin, "rtpbin");
        if (rtpbin == null) {
            throw new WebRtcException("webrtcbin has no child 'rtpbin': cannot guard its RTP demuxers");
        }
        try {
            Signals.connect(rtpbin, "element-added", false, args -> {
                Pointer element = (Pointer) args[1];
                if (isPtDemux(element)) {
                    ObjectProperties.setSerialized(element, PROPERTY, ALL_PAYLOAD_TYPES);
                }
                return null;
            });
        } finally {
            GObjectLib.LIB.g_object_unref(rtpbin);
        }
    }

    private static final String ALL_PAYLOAD_TYPES = java.util.stream.IntStream.rangeClosed(0, 127)
            .mapToObj(String::valueOf).collect(Collectors.joining(", ", "<", ">"));

    /**
     * The payload types to drop from now on, in every demuxer (those made later and those already there, e.g. on a
     * renegotiation). An empty set drops nothing new; what a demuxer already ignores stays ignored.
     */
    public synchronized void set(Collection<Integer> payloadTypes) {
        if (closed) {
            return;
        }
        ignored = Set.copyOf(new TreeSet<>(payloadTypes));
        if (ignored.isEmpty()) {
            return;
        }
        LOG.debug("{}: dropping RTP with payload types {}", owner, ignored);
        Bin bin = Natives.objectFor(rtpbin, Bin.class, true, true);
        try {
            for (Element e : bin.getElements()) {
                Pointer element = Natives.getRawPointer(e);
                if (isPtDemux(element)) {
                    apply(element);
                }
            }
        } finally {
            bin.dispose();
        }
    }

    public Set<Integer> get() {
        return ignored;
    }

    private void onElementAdded(Pointer element) {
        if (!ignored.isEmpty() && isPtDemux(element)) {
            apply(element);
        }
    }

    private static boolean isPtDemux(Pointer element) {
        return PTDEMUX_TYPE.equals(GObjectLib.LIB.g_type_name(Signals.typeOfInstance(element)));
    }

    /** Merges our payload types into the demuxer's list. */
    private void apply(Pointer ptdemux) {
        Set<Integer> all = new TreeSet<>(ignored);
        all.addAll(parseArray(ObjectProperties.getSerialized(ptdemux, PROPERTY)));
        ObjectProperties.setSerialized(ptdemux, PROPERTY,
                all.stream().map(String::valueOf).collect(Collectors.joining(", ", "<", ">")));
    }

    /** What an {@code rtpptdemux} currently drops (its {@code ignored-payload-types}); diagnostics and tests. */
    public static Set<Integer> ignoredBy(Pointer ptdemux) {
        return Set.copyOf(parseArray(ObjectProperties.getSerialized(ptdemux, PROPERTY)));
    }

    /** {@code < 1, 2 >} (gst_value_serialize of a GstValueArray of ints) → [1, 2]. */
    static List<Integer> parseArray(String serialized) {
        if (serialized == null) {
            return List.of();
        }
        String body = serialized.replace("<", "").replace(">", "").replace("(int)", "").strip();
        if (body.isEmpty()) {
            return List.of();
        }
        return java.util.Arrays.stream(body.split(",")).map(String::strip).map(Integer::parseInt).toList();
    }

    /** Disconnects; call while the webrtcbin still lives (before disposing it). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        connection.disconnect();
        GObjectLib.LIB.g_object_unref(rtpbin);
    }
}
