package dev.webrtcsink.engine.cc;

/**
 * The delay input of the homegrown controller (congestion-control.md §2.2): what one webrtcbin {@code get-stats}
 * reply says about the transport, as plain values.
 *
 * @param bitrateSent     TWCC {@code bitrate-sent} (bit/s)
 * @param bitrateRecv     TWCC {@code bitrate-recv} (bit/s): what the consumer reported receiving
 * @param avgDeltaOfDelta TWCC {@code avg-delta-of-delta} (ns): growth of the one-way delay between packets
 * @param rttSeconds      mean {@code round-trip-time} of the {@code remote-inbound-rtp} entries, 0 if none
 */
public record DelayFeedback(long bitrateSent, long bitrateRecv, long avgDeltaOfDelta, double rttSeconds) {}
