package dev.webrtcsink.engine.sink;

import dev.webrtcsink.api.IceCandidate;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.engine.cc.DelayFeedback;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Pad;

/**
 * The webrtcbin operations the sink logic needs, implemented on top of the raw webrtcbin layer
 * ({@code dev.webrtcsink.engine.gst}). Kept narrow so the logic can be tested and so the
 * native pitfalls (promise ownership, SDP double frees, UPnP) live in one place.
 *
 * <p>Threading: blocking methods wait for webrtcbin promises; the controller only calls them
 * from its control thread or its monitor thread, never from a GStreamer thread.
 */
public interface WebRtcBinDriver {

    /** Per-bin settings every webrtcbin we create needs; at least disabling UPnP on the ICE agent. */
    void prepare(Element webrtcbin);

    /** webrtcbin {@code add-turn-server}. */
    void addTurnServer(Element webrtcbin, String uri);

    /** How a sending transceiver is set up. */
    record SendTransceiver(int mlineIndex, String codecPreferences, boolean doNack, boolean fecUlpRed, String msid) {}

    /**
     * Requests {@code sink_<mline>} with a SENDONLY transceiver whose {@code codec-preferences}
     * are the given RTP caps, and applies {@code do-nack}, {@code fec-type}, {@code msid}.
     *
     * @return the webrtcbin sink pad, to be linked to a payload chain
     */
    Pad requestSendPad(Element webrtcbin, SendTransceiver transceiver);

    /**
     * Unsets the pad's transceiver {@code codec-preferences} once negotiated (spec §7.4 step 4),
     * so webrtcbin accepts the payloader's actual caps (e.g. an H264 profile-level-id that differs
     * from the one offered).
     */
    void clearCodecPreferences(Pad webrtcPad);

    /** Makes the pad's transceiver INACTIVE: its stream leaves the session at the next offer (spec §12.3). */
    void setInactive(Pad webrtcPad);

    /** Transceiver {@code fec-percentage} for the pad's transceiver. */
    void setFecPercentage(Pad webrtcPad, int percentage);

    /** The transceiver's negotiated mid, or null before negotiation. */
    String mid(Pad webrtcPad);

    /** create-offer; returns SDP text. @throws WebRtcException with the reason on failure */
    String createOffer(Element webrtcbin);

    /** create-answer (after the remote offer is set); returns SDP text. */
    String createAnswer(Element webrtcbin);

    /** set-local-description; @throws WebRtcException when webrtcbin rejects it */
    void setLocalDescription(Element webrtcbin, SessionDescription description);

    /** set-remote-description; @throws WebRtcException when the SDP is unparsable or rejected */
    void setRemoteDescription(Element webrtcbin, SessionDescription description);

    /** add-ice-candidate. */
    void addIceCandidate(Element webrtcbin, IceCandidate candidate);

    /** Listener for locally gathered candidates; called on webrtcbin's thread, must not block. */
    interface IceCandidateListener {
        void onIceCandidate(int mlineIndex, String candidate);
    }

    /** Connects {@code on-ice-candidate}; the returned handle disconnects. */
    AutoCloseable onIceCandidate(Element webrtcbin, IceCandidateListener listener);

    /** The {@code connection-state} nick ({@code new}, {@code connecting}, {@code connected}, {@code failed}, ...). */
    String connectionState(Element webrtcbin);

    /** The {@code ice-connection-state} nick ({@code checking}, {@code connected}, {@code failed}, ...). */
    String iceConnectionState(Element webrtcbin);

    /**
     * get-stats: the reply as GstStructure text ({@code application/x-webrtc-stats, ...}) and what the homegrown
     * congestion controller reads from it (congestion-control.md §2.2).
     *
     * @param text the whole reply
     * @param twcc the TWCC values of the first {@code transport}/{@code candidate-pair} entry that has a
     *             {@code gst-twcc-stats} structure, with the mean {@code remote-inbound-rtp} RTT; null when no entry
     *             has TWCC statistics (no feedback yet, or the extension was not negotiated)
     */
    record Stats(String text, DelayFeedback twcc) {}

    /** get-stats, see {@link Stats}. */
    Stats stats(Element webrtcbin);

    /** Receives the rtpsession's TWCC statistics; called on a GStreamer thread, must not block. */
    interface TwccStatsListener {
        /**
         * @param packetLossPercent {@code packet-loss-pct}, NaN when absent
         * @param structureText     the whole structure as GstStructure text
         */
        void onTwccStats(double packetLossPercent, String structureText);
    }

    /**
     * Follows the {@code twcc-stats} of the webrtcbin's RTP session (connected at its first SSRC); the returned
     * handle disconnects, and must be closed before the webrtcbin is disposed.
     */
    AutoCloseable onTwccStats(Element webrtcbin, TwccStatsListener listener);

    /** A webrtcbin operation failed; the message says which and why. */
    final class WebRtcException extends RuntimeException {
        public WebRtcException(String message) {
            super(message);
        }

        public WebRtcException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
