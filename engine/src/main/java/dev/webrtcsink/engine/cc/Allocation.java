package dev.webrtcsink.engine.cc;

/**
 * What a congestion controller decided for a session's video encoders: every bitrate-controllable video encoder
 * gets {@code perEncoderBitrate} and its transceiver {@code fecPercentage}.
 *
 * @param totalBitrate      the session's target over all its controllable video encoders (bit/s)
 * @param perEncoderBitrate each encoder's share (bit/s)
 * @param fecPercentage     transceiver {@code fec-percentage}
 */
public record Allocation(long totalBitrate, long perEncoderBitrate, int fecPercentage) {}
