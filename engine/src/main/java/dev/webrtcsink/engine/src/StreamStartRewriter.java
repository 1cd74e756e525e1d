package dev.webrtcsink.engine.src;

import com.sun.jna.CallbackReference;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import dev.webrtcsink.engine.natives.GstLib;
import dev.webrtcsink.engine.natives.NativeSupport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.glib.Natives;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each exposed stream a stable stream id (spec §3.4, without upstream's quirk of hashing the empty string):
 * an event probe at the end of the stream's branch replaces every STREAM_START with one carrying our id and the
 * session's group id (flags kept), and drops the STREAM_COLLECTION events of the internal decodebin3, whose stream ids would no
 * longer match. Downstream events only: buffers never enter Java.
 */
final class StreamStartRewriter {
    private static final Logger LOG = LoggerFactory.getLogger(StreamStartRewriter.class);

    /** The few libgstreamer calls this needs beyond {@link GstLib}. */
    interface EventLib extends Library {
        EventLib LIB = Native.load("gstreamer-1.0", EventLib.class);
        Pointer gst_event_new_stream_start(String streamId);
        boolean gst_event_parse_group_id(Pointer event, IntByReference groupId);
        void gst_event_set_group_id(Pointer event, int groupId);
        void gst_event_parse_stream_flags(Pointer event, IntByReference flags);
        void gst_event_set_stream_flags(Pointer event, int flags);
        int gst_util_group_id_next();
    }

    /** GstEvent.type follows the 64-byte GstMiniObject on LP64; checked against a real event in {@link #verify}. */
    private static final int EVENT_TYPE_OFFSET = 64;
    /** GST_EVENT_MAKE_TYPE(40, DOWNSTREAM | SERIALIZED | STICKY). */
    private static final int STREAM_START = (40 << 8) | 2 | 4 | 8;
    /** GST_EVENT_MAKE_TYPE(75, DOWNSTREAM | SERIALIZED | STICKY | STICKY_MULTI). */
    private static final int STREAM_COLLECTION = (75 << 8) | 2 | 4 | 8 | 16;
    /** GstPadProbeInfo { GstPadProbeType type; gulong id; gpointer data; ... }. */
    private static final int PROBE_INFO_DATA_OFFSET = 16;
    private static final int PROBE_TYPE_EVENT_DOWNSTREAM = 1 << 6;
    private static final int PROBE_DROP = 0;
    private static final int PROBE_OK = 1;

    /** A stream's id and the group id of its session. */
    private record Ids(String streamId, int groupId) {}

    private static final Map<Long, Ids> IDS = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT = new AtomicLong(1);
    private static volatile Boolean layoutOk;

    private static final GstLib.PadProbeCallback PROBE = NativeSupport.keep((pad, info, data) -> {
        try {
            Ids id = IDS.get(Pointer.nativeValue(data));
            Pointer event = info.getPointer(PROBE_INFO_DATA_OFFSET);
            if (id == null || event == null) {
                return PROBE_OK;
            }
            int type = event.getInt(EVENT_TYPE_OFFSET);
            if (type == STREAM_COLLECTION) {
                return PROBE_DROP;
            }
            if (type != STREAM_START) {
                return PROBE_OK;
            }
            Pointer replacement = EventLib.LIB.gst_event_new_stream_start(id.streamId());
            // one group per session: the streams of a session play together (decodebin3/playbin3 rely on it)
            EventLib.LIB.gst_event_set_group_id(replacement, id.groupId());
            IntByReference value = new IntByReference();
            EventLib.LIB.gst_event_parse_stream_flags(event, value);
            EventLib.LIB.gst_event_set_stream_flags(replacement, value.getValue());
            info.setPointer(PROBE_INFO_DATA_OFFSET, replacement);
            GstLib.LIB.gst_mini_object_unref(event);
        } catch (Throwable t) {
            LOG.error("stream-start rewrite failed", t);
        }
        return PROBE_OK;
    }, "gst-stream-start");

    private static final GstLib.DestroyNotify FORGET = NativeSupport.keep(
            data -> IDS.remove(Pointer.nativeValue(data)), "gst-stream-start");

    private StreamStartRewriter() {}

    /** The stream id of m-line {@code mline} of a session: stable across renegotiations, unique across sessions. */
    static String streamId(String sessionId, int mline) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest) + ":" + mline;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new group id for the streams of one session. */
    static int newGroupId() {
        return EventLib.LIB.gst_util_group_id_next();
    }

    /** Installs the probe on {@code pad} (events it pushes or receives downstream); false when disabled. */
    static boolean install(Pad pad, String streamId, int groupId) {
        if (!verify()) {
            return false;
        }
        long key = NEXT.getAndIncrement();
        IDS.put(key, new Ids(streamId, groupId));
        NativeLong probe = GstLib.LIB.gst_pad_add_probe(Natives.getRawPointer(pad), PROBE_TYPE_EVENT_DOWNSTREAM, PROBE,
                new Pointer(key), CallbackReference.getFunctionPointer(FORGET)); // FORGET runs when the pad goes
        if (probe.longValue() == 0) {
            IDS.remove(key);
            return false;
        }
        return true;
    }

    /** Number of live probes (leak checks). */
    static int liveProbes() {
        return IDS.size();
    }

    /** Reads the event type of a real STREAM_START once: a different layout disables rewriting (logged). */
    private static boolean verify() {
        Boolean ok = layoutOk;
        if (ok == null) {
            Pointer event = EventLib.LIB.gst_event_new_stream_start("layout-check");
            ok = event.getInt(EVENT_TYPE_OFFSET) == STREAM_START;
            GstLib.LIB.gst_mini_object_unref(event);
            if (!ok) {
                LOG.warn("GstEvent layout differs from GStreamer 1.22 LP64: stream ids are left as produced");
            }
            layoutOk = ok;
        }
        return ok;
    }
}
