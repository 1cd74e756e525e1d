package dev.webrtcsink.engine.sink;

import dev.webrtcsink.api.IceCandidate;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.engine.codec.SessionCodecs;
import java.util.List;
import org.freedesktop.gstreamer.Clock;

/**
 * What a {@link ConsumerSession} needs from its controller. The {@code post*} methods may be
 * called from any thread (GStreamer threads included): they only enqueue work on the control
 * thread. Everything else is called on the control thread.
 */
interface SessionHost {

    WebRtcBinDriver driver();

    SinkSettings settings();

    SessionCodecs codecs();

    List<SinkInput> inputs();

    WebRTCSinkListener listener();

    /** The producer pipeline's clock, or null while it has none. */
    Clock clock();

    /** The producer pipeline's base time (ns). */
    long baseTime();

    /** Sends a local description through the signaller (munging applied). Control thread. */
    void sendDescription(String sessionId, SessionDescription description);

    /** Sends a local candidate through the signaller; any thread. */
    void postLocalCandidate(String sessionId, IceCandidate candidate);

    /** Ends the session because of a local failure (signalled to the peer); any thread. */
    void postFailure(String sessionId, String error);

    /**
     * Runs congestion-control feedback on the monitor thread (where stats are polled), so both inputs of a
     * controller are handled on one thread; any thread.
     */
    void postFeedback(Runnable task);
}
