package dev.webrtcsink.engine.cc;

import java.util.Optional;

/**
 * A session's congestion controller (congestion-control.md): fed with feedback as plain values, it answers with the
 * bitrate and FEC percentage its video encoders should use. No GStreamer here, so a controller is testable with
 * synthetic feedback; the session polls the feedback and applies the answers.
 *
 * <p>Only video encoders whose bitrate can be changed at run time (webrtcsink.md §9.2) are counted; audio and other
 * encoders are never controlled. Implementations are not thread-safe: the session serialises the calls.
 */
public interface CongestionController {

    /** The {@code congestion-control} nick this controller implements. */
    String name();

    /** Whether the session must negotiate the TWCC header extension (webrtcsink.md §10.2) for this controller's feedback. */
    boolean needsTwcc();

    /**
     * The transceiver {@code fec-percentage} a video stream gets when it is connected (also streams whose encoder
     * is not controllable, or that are sent pre-encoded).
     */
    int initialFecPercentage();

    /**
     * A controllable video encoder was connected (webrtcsink.md §7.4 step 5).
     *
     * @param currentBitrate the encoder's bitrate now (bit/s)
     * @return the bitrate and FEC percentage for that encoder now
     */
    Allocation encoderAdded(long currentBitrate);

    /** A controllable video encoder left the session (its stream was released). */
    void encoderRemoved();

    /**
     * The delay input: one stats reply.
     *
     * @param nowNanos a monotonic time ({@link System#nanoTime()}) of the reply
     * @return the new allocation for every controllable encoder, or empty when nothing is to change
     */
    Optional<Allocation> onDelayFeedback(DelayFeedback feedback, long nowNanos);

    /**
     * The loss input: the consumer's loss as the TWCC statistics compute it.
     *
     * @param packetLossPercent {@code packet-loss-pct} in percent
     * @return the new allocation for every controllable encoder, or empty when nothing is to change
     */
    Optional<Allocation> onLossFeedback(double packetLossPercent);

    /** The current allocation (for stats and diagnosis), or empty before any encoder joined. */
    Optional<Allocation> current();

    /** Human-readable state for diagnosis. */
    String dump();

    /** The controller for a mode; {@code gcc} is refused: it is not implemented. */
    static CongestionController create(String mode, long minBitrate, long maxBitrate) {
        return switch (mode) {
            case "disabled" -> new DisabledController(maxBitrate);
            case "homegrown" -> new HomegrownController(minBitrate, maxBitrate);
            default -> throw new UnsupportedOperationException("congestion-control '" + mode + "' is not implemented yet");
        };
    }
}
