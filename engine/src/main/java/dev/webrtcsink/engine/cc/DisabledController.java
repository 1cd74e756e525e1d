package dev.webrtcsink.engine.cc;

import java.util.Optional;

/**
 * {@code congestion-control=disabled} (congestion-control.md §1): every video encoder runs at {@code max-bitrate} with
 * FEC at 50 %, and nothing changes afterwards. No TWCC extension is negotiated.
 */
public final class DisabledController implements CongestionController {
    static final int FEC_PERCENTAGE = 50;

    private final long maxBitrate;
    private int encoders;

    public DisabledController(long maxBitrate) {
        this.maxBitrate = maxBitrate;
    }

    @Override
    public String name() {
        return "disabled";
    }

    @Override
    public boolean needsTwcc() {
        return false;
    }

    @Override
    public int initialFecPercentage() {
        return FEC_PERCENTAGE;
    }

    @Override
    public Allocation encoderAdded(long currentBitrate) {
        encoders++;
        return allocation();
    }

    @Override
    public void encoderRemoved() {
        encoders = Math.max(0, encoders - 1);
    }

    @Override
    public Optional<Allocation> onDelayFeedback(DelayFeedback feedback, long nowNanos) {
        return Optional.empty();
    }

    @Override
    public Optional<Allocation> onLossFeedback(double packetLossPercent) {
        return Optional.empty();
    }

    @Override
    public Optional<Allocation> current() {
        return encoders == 0 ? Optional.empty() : Optional.of(allocation());
    }

    private Allocation allocation() {
        return new Allocation(maxBitrate * encoders, maxBitrate, FEC_PERCENTAGE);
    }

    @Override
    public String dump() {
        return "disabled: " + encoders + " video encoder(s) at " + maxBitrate + " bit/s, FEC " + FEC_PERCENTAGE + " %";
    }
}
