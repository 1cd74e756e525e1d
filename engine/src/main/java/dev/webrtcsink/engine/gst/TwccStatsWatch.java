package dev.webrtcsink.engine.gst;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.webrtcsink.engine.natives.GObjectLib;
import dev.webrtcsink.engine.natives.GValues;
import dev.webrtcsink.engine.natives.GstLib;
import dev.webrtcsink.engine.natives.SignalConnection;
import dev.webrtcsink.engine.natives.Signals;

/**
 * Follows the {@code twcc-stats} of a webrtcbin's RTP session: the statistics rtpsession computes from the
 * consumer's transport-wide congestion control feedback ({@code packet-loss-pct}, {@code bitrate-sent},
 * {@code bitrate-recv}, {@code avg-delta-of-delta}, ...).
 *
 * <p>How it is reached in GStreamer 1.22: webrtcbin's internal {@code rtpbin} (a child named "rtpbin"); once it
 * announces a first SSRC ({@code on-new-ssrc}) its {@code get-session} action signal returns the
 * {@code GstRtpSession} element of that session, whose {@code notify::twcc-stats} fires after each TWCC feedback
 * packet. The structure is read with gst_structure_get_* in place (never wrapped by gst1-java-core).
 *
 * <p>Threading: the listener runs on GStreamer's RTCP thread with a structure borrowed for the call: read it and
 * hand values to your own thread, do not block.
 */
public final class TwccStatsWatch implements AutoCloseable {

    /** Receives each new TWCC statistics structure, valid during the call only. */
    @FunctionalInterface
    public interface Listener {
        void onTwccStats(StructureReader stats);
    }

    private final Pointer rtpbin;
    private final Listener listener;
    private SignalConnection newSsrc;
    private Pointer session;
    private SignalConnection notify;
    private boolean closed;

    private TwccStatsWatch(Pointer rtpbin, Listener listener) {
        this.rtpbin = rtpbin;
        this.listener = listener;
    }

    /**
     * Starts watching.
     *
     * @throws IllegalStateException when the webrtcbin has no internal rtpbin
     */
    public static TwccStatsWatch start(Pointer webrtcbin, Listener listener) {
        Pointer rtpbin = GstLib.LIB.gst_bin_get_by_name(webrtcbin, "rtpbin");
        if (rtpbin == null) {
            throw new IllegalStateException("webrtcbin has no child named rtpbin");
        }
        TwccStatsWatch watch = new TwccStatsWatch(rtpbin, listener);
        synchronized (watch) {
            watch.newSsrc = Signals.connect(rtpbin, "on-new-ssrc", false, args -> {
                watch.sessionSeen(((Number) args[1]).longValue());
                return null;
            });
        }
        return watch;
    }

    /** First SSRC of a session: connect to that session's statistics, once. */
    private synchronized void sessionSeen(long sessionId) {
        if (closed || session != null) {
            return;
        }
        Object element = Signals.emit(rtpbin, "get-session", sessionId);
        if (!(element instanceof Pointer p)) {
            return;
        }
        session = p; // a new reference, released in close()
        notify = Signals.connect(session, "notify::twcc-stats", false, args -> {
            deliver();
            return null;
        });
    }

    private void deliver() {
        Pointer rtpSession;
        synchronized (this) {
            if (closed) {
                return;
            }
            rtpSession = session;
        }
        Memory value = GValues.newValue(GstLib.LIB.gst_structure_get_type());
        try {
            GObjectLib.LIB.g_object_get_property(rtpSession, "twcc-stats", value);
            Pointer structure = GObjectLib.LIB.g_value_get_boxed(value);
            if (structure != null) {
                listener.onTwccStats(new StructureReader(structure));
            }
        } finally {
            GValues.unset(value);
        }
    }

    /** Disconnects and releases; call while the webrtcbin still exists (before its pipeline is disposed). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        newSsrc.disconnect();
        if (session != null) {
            notify.disconnect();
            GObjectLib.LIB.g_object_unref(session);
        }
        GObjectLib.LIB.g_object_unref(rtpbin);
    }
}
