package dev.webrtcsink.engine.cc;

import java.util.Optional;

/**
 * {@code congestion-control=homegrown} (congestion-control.md §2): a sender-side heuristic over the TWCC statistics.
 *
 * <p>Two targets over all the session's controllable video encoders: a delay target, moved by the stats polled every
 * 100 ms (§2.3: cut when the consumer receives clearly less than we send or when the delay grows, otherwise grow by
 * 3 %, or additively near the bitrate where congestion last happened), and a loss target, moved by each TWCC stats
 * notification (§2.4). Both scale the <em>delay</em> target (§2.5, as upstream), and the encoders get the smaller of
 * the two, split equally. Above 2 Mbit/s per encoder FEC grows linearly up to 50 % at {@code max-bitrate}.
 */
public final class HomegrownController implements CongestionController {

    static final String NAME = "homegrown";
    /** Delay factor (sent − received over target) above which the delay controller cuts. */
    static final double DELAY_FACTOR_THRESHOLD = 0.1;
    /** avg-delta-of-delta (ns) above which the delay is considered growing. */
    static final long DELTA_OF_DELTA_THRESHOLD_NS = 1_000_000;
    static final double INCREASE_FACTOR_ON_DELAY = 1.03;
    static final double INCREASE_FACTOR_ON_LOSS = 1.05;
    /** Width of the "last congestion window" around the EMA, in standard deviations. */
    static final double EMA_WINDOW_SIGMAS = 7;
    static final double EMA_ALPHA = 0.75;
    static final long FEC_THRESHOLD = 2_000_000;
    static final int MAX_FEC_PERCENTAGE = 50;

    private enum Source { DELAY, LOSS }

    private enum Kind { HOLD, ADDITIVE, MULTIPLICATIVE, DECREASE }

    /** One control decision (§2.3, §2.4): a factor, or an amount added for ADDITIVE. */
    private record Op(Kind kind, double value, String reason) {
        static final Op HOLD = new Op(Kind.HOLD, 0, "hold");
    }

    private final long minBitrate;
    private final long maxBitrate;
    private int encoders;
    private long targetOnDelay;
    private long targetOnLoss;
    /** EMA of the delay target at delay-based cuts: where congestion last happened; NaN when unset. */
    private double bitrateEma = Double.NaN;
    private double bitrateEmvar;
    private long lastUpdateNanos;
    private boolean hasLastUpdate;
    private String lastDecision = "none";

    /** @param minBitrate, maxBitrate per-encoder bounds (bit/s) */
    public HomegrownController(long minBitrate, long maxBitrate) {
        if (minBitrate < 1 || maxBitrate < 1) {
            throw new IllegalArgumentException("bitrate bounds must be positive: " + minBitrate + ", " + maxBitrate);
        }
        this.minBitrate = minBitrate;
        this.maxBitrate = maxBitrate;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean needsTwcc() {
        return true;
    }

    /** FEC starts off and only grows above 2 Mbit/s per encoder (§2.1). */
    @Override
    public int initialFecPercentage() {
        return 0;
    }

    /** The encoder keeps its bitrate (start-bitrate, or its own when an application configured it): it adds to both targets. */
    @Override
    public Allocation encoderAdded(long currentBitrate) {
        encoders++;
        targetOnDelay += currentBitrate;
        targetOnLoss = targetOnDelay;
        return new Allocation(targetOnDelay, currentBitrate, 0);
    }

    /**
     * Not covered by the spec (upstream never drops an encoder from a running session): the remaining encoders keep
     * their share, so both targets shrink by one share.
     */
    @Override
    public void encoderRemoved() {
        if (encoders == 0) {
            return;
        }
        targetOnDelay = encoders == 1 ? 0 : targetOnDelay * (encoders - 1) / encoders;
        targetOnLoss = encoders == 1 ? 0 : targetOnLoss * (encoders - 1) / encoders;
        encoders--;
    }

    @Override
    public Optional<Allocation> onDelayFeedback(DelayFeedback f, long nowNanos) {
        long previous = lastUpdateNanos;
        boolean hadPrevious = hasLastUpdate;
        lastUpdateNanos = nowNanos;
        hasLastUpdate = true;
        if (encoders == 0) {
            return Optional.empty(); // audio-only: upstream divides by zero here
        }
        double target = Math.min(targetOnDelay, targetOnLoss);
        long sentMinusReceived = Math.max(f.bitrateSent() - f.bitrateRecv(), 0);
        double delayFactor = sentMinusReceived / Math.max(target, 1);
        Op op;
        if (delayFactor > DELAY_FACTOR_THRESHOLD) {
            // upstream's curve: factors >= 0.64 give a milder cut (0.894..0.96) than 0.96 would suggest; kept for parity
            double factor = delayFactor < 0.64 ? 0.96 : Math.max(0.8, Math.min(0.96, Math.pow(delayFactor, 0.25)));
            op = new Op(Kind.DECREASE, factor, "delay factor " + delayFactor);
        } else if (f.avgDeltaOfDelta() > DELTA_OF_DELTA_THRESHOLD_NS) {
            op = new Op(Kind.DECREASE, 0.97, "delta of delta " + f.avgDeltaOfDelta() + " ns");
        } else if (!Double.isNaN(bitrateEma)) {
            double sd = Math.sqrt(bitrateEmvar);
            if (target < bitrateEma - EMA_WINDOW_SIGMAS * sd) {
                op = new Op(Kind.MULTIPLICATIVE, INCREASE_FACTOR_ON_DELAY, "below the last congestion window");
            } else if (target > bitrateEma + EMA_WINDOW_SIGMAS * sd) {
                bitrateEma = Double.NaN; // past the old congestion point: probe freely again
                bitrateEmvar = 0;
                op = new Op(Kind.MULTIPLICATIVE, INCREASE_FACTOR_ON_DELAY, "above the last congestion window");
            } else {
                // near the bitrate that congested last time: about one packet per response time
                double responseMs = 100 + f.rttSeconds() * 1000;
                long dtMs = hadPrevious ? (nowNanos - previous) / 1_000_000 : 0;
                double alpha = 0.5 * Math.min(dtMs / responseMs, 1);
                double bitsPerFrame = target / 30;
                double packetsPerFrame = Math.ceil(bitsPerFrame / (1200 * 8));
                double avgPacketBits = bitsPerFrame / packetsPerFrame;
                op = new Op(Kind.ADDITIVE, Math.max(1000, alpha * avgPacketBits), "inside the last congestion window");
            }
        } else {
            op = new Op(Kind.MULTIPLICATIVE, INCREASE_FACTOR_ON_DELAY, "no congestion seen");
        }
        return Optional.of(apply(op, Source.DELAY));
    }

    @Override
    public Optional<Allocation> onLossFeedback(double lossPercent) {
        if (encoders == 0 || Double.isNaN(lossPercent)) {
            return Optional.empty(); // NaN: no packets to judge by (upstream would treat it as no loss)
        }
        Op op;
        if (lossPercent > 10) {
            op = new Op(Kind.DECREASE, Math.max(0.7, Math.min(0.98, (100 - 0.5 * lossPercent) / 100)),
                    "loss " + lossPercent + " %");
        } else if (lossPercent > 2) {
            op = Op.HOLD;
        } else {
            op = new Op(Kind.MULTIPLICATIVE, INCREASE_FACTOR_ON_LOSS, "loss " + lossPercent + " %");
        }
        return Optional.of(apply(op, Source.LOSS));
    }

    /** §2.5: both controllers scale the delay target; encoders get the smaller target, split equally. */
    private Allocation apply(Op op, Source source) {
        if (op.kind() != Kind.HOLD) {
            double base = targetOnDelay;
            long proposed = (long) (op.kind() == Kind.ADDITIVE ? base + op.value() : base * op.value());
            long bounded = clampTotal(proposed);
            if (source == Source.DELAY) {
                targetOnDelay = bounded;
            } else {
                targetOnLoss = bounded;
            }
        }
        if (op.kind() == Kind.DECREASE && source == Source.DELAY) {
            updateEma(targetOnDelay);
        }
        lastDecision = source.name().toLowerCase(java.util.Locale.ROOT) + " " + op.kind().name().toLowerCase(java.util.Locale.ROOT)
                + (op.kind() == Kind.HOLD ? "" : " " + op.value()) + " (" + op.reason() + ")";
        return allocation();
    }

    private void updateEma(double value) {
        if (Double.isNaN(bitrateEma)) {
            bitrateEma = value;
            bitrateEmvar = 0;
        } else {
            double sigma = value - bitrateEma;
            bitrateEma += EMA_ALPHA * sigma;
            bitrateEmvar = (1 - EMA_ALPHA) * (bitrateEmvar + EMA_ALPHA * sigma * sigma);
        }
    }

    private long clampTotal(long total) {
        return Math.max(minBitrate * encoders, Math.min(maxBitrate * encoders, total));
    }

    private Allocation allocation() {
        long total = clampTotal(Math.min(targetOnDelay, targetOnLoss));
        long perEncoder = total / encoders;
        int fec = 0;
        if (perEncoder > FEC_THRESHOLD && maxBitrate > FEC_THRESHOLD) {
            double ratio = (double) (perEncoder - FEC_THRESHOLD) / (maxBitrate - FEC_THRESHOLD);
            fec = (int) (ratio * MAX_FEC_PERCENTAGE);
        }
        return new Allocation(total, perEncoder, fec);
    }

    @Override
    public Optional<Allocation> current() {
        return encoders == 0 ? Optional.empty() : Optional.of(allocation());
    }

    long targetOnDelay() {
        return targetOnDelay;
    }

    long targetOnLoss() {
        return targetOnLoss;
    }

    /** The EMA of the delay target at cuts, NaN when unset. */
    double bitrateEma() {
        return bitrateEma;
    }

    double bitrateEmvar() {
        return bitrateEmvar;
    }

    @Override
    public String dump() {
        return "homegrown: " + encoders + " video encoder(s), target on delay " + targetOnDelay + ", on loss "
                + targetOnLoss + ", bounds " + minBitrate + ".." + maxBitrate + " per encoder, ema "
                + (Double.isNaN(bitrateEma) ? "-" : Math.round(bitrateEma) + " ± " + Math.round(Math.sqrt(bitrateEmvar)))
                + ", last decision " + lastDecision;
    }
}
