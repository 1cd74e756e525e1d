package dev.webrtcsink.engine.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The homegrown controller (congestion-control.md §2) driven with synthetic feedback; numbers worked out from the spec. */
class HomegrownControllerTest {
    private static final long MS = 1_000_000;
    private static final long MAX = 8_192_000;
    private static final long START = 2_048_000;
    /** The consumer receives all we send, no delay growth, 20 ms RTT. */
    private static final DelayFeedback CLEAN = new DelayFeedback(1_000_000, 1_000_000, 0, 0.02);

    private final HomegrownController cc = new HomegrownController(1000, MAX);
    private long now = 1_000 * MS;

    private Allocation delay(DelayFeedback f) {
        now += 100 * MS;
        return cc.onDelayFeedback(f, now).orElseThrow();
    }

    private Allocation loss(double pct) {
        return cc.onLossFeedback(pct).orElseThrow();
    }

    @Test
    void encodersAddTheirBitrateToBothTargetsAndStartWithoutFec() {
        assertEquals(new Allocation(START, START, 0), cc.encoderAdded(START));
        assertEquals(new Allocation(2 * START, START, 0), cc.encoderAdded(START));
        assertEquals(2 * START, cc.targetOnDelay());
        assertEquals(2 * START, cc.targetOnLoss());
        assertEquals(Optional.of(new Allocation(2 * START, START, 0)), cc.current());
    }

    @Test
    void cleanFeedbackIncreasesTheDelayTargetByThreePercentAndLowLossLetsItThrough() {
        cc.encoderAdded(START);
        cc.encoderAdded(START);
        Allocation a = delay(CLEAN);
        assertEquals(4_218_880, cc.targetOnDelay()); // trunc(4 096 000 × 1.03)
        // the loss target is still the connection-time total: the encoders do not move yet
        assertEquals(new Allocation(4_096_000, 2_048_000, 0), a);
        a = loss(0.5); // loss target = trunc(delay target × 1.05)
        assertEquals(4_429_824, cc.targetOnLoss());
        assertEquals(new Allocation(4_218_880, 2_109_440, 0), a); // fec: trunc(109 440 / 6 192 000 × 50) = 0
    }

    @Test
    void aCleanLinkRampsUpToMaxBitrateAndStaysThere() {
        cc.encoderAdded(START);
        long previous = START;
        int rounds = 0;
        Allocation a = cc.current().orElseThrow();
        while (a.perEncoderBitrate() < MAX && rounds < 200) {
            delay(CLEAN);
            a = loss(0);
            assertTrue(a.perEncoderBitrate() >= previous, "never decreases on clean feedback: " + a);
            previous = a.perEncoderBitrate();
            rounds++;
        }
        // 1.03 per 100 ms round: ln(4) / ln(1.03) ≈ 47 rounds from 2 048 000 to 8 192 000
        assertEquals(47, rounds);
        assertEquals(new Allocation(MAX, MAX, 50), a);
        delay(CLEAN);
        assertEquals(new Allocation(MAX, MAX, 50), loss(0), "clamped at max-bitrate, FEC at its 50 % maximum");
    }

    @Test
    void fecGrowsLinearlyAboveTwoMegabits() {
        HomegrownController one = new HomegrownController(1000, MAX);
        one.encoderAdded(5_000_000);
        // (5e6 − 2e6) / (8 192 000 − 2e6) × 50 = 24.2
        assertEquals(new Allocation(5_000_000, 5_000_000, 24), one.onLossFeedback(5).orElseThrow());
        HomegrownController lowMax = new HomegrownController(1000, 2_000_000);
        lowMax.encoderAdded(2_000_000);
        assertEquals(0, lowMax.onLossFeedback(5).orElseThrow().fecPercentage(), "no FEC when max-bitrate <= 2 Mbit/s");
    }

    @Test
    void theConsumerReceivingLessThanWeSendCutsByFourPercentAndRecordsTheCongestionPoint() {
        cc.encoderAdded(START);
        // (1 000 000 − 700 000) / 2 048 000 = 0.146 > 0.1
        Allocation a = delay(new DelayFeedback(1_000_000, 700_000, 0, 0.02));
        assertEquals(1_966_080, cc.targetOnDelay());
        assertEquals(new Allocation(1_966_080, 1_966_080, 0), a);
        assertEquals(1_966_080, cc.bitrateEma());
        assertEquals(0, cc.bitrateEmvar());
    }

    @Test
    void aLargeDelayFactorGivesTheMilderFourthRootCut() {
        cc.encoderAdded(START);
        // delay factor 0.7 (>= 0.64): factor 0.7^0.25 = 0.91469
        long sent = 1_433_600 + 1_000_000;
        delay(new DelayFeedback(sent, 1_000_000, 0, 0));
        assertEquals(1_873_287, cc.targetOnDelay());
        // everything lost: factor 1^0.25 = 1, clamped to 0.96
        HomegrownController other = new HomegrownController(1000, MAX);
        other.encoderAdded(START);
        other.onDelayFeedback(new DelayFeedback(3_000_000, 0, 0, 0), now);
        assertEquals(1_966_080, other.targetOnDelay());
    }

    @Test
    void growingDelayCutsByThreePercent() {
        cc.encoderAdded(START);
        delay(new DelayFeedback(1_000_000, 1_000_000, 1_000_001, 0));
        assertEquals(1_986_560, cc.targetOnDelay());
        assertEquals(1_986_560, cc.bitrateEma(), "a delay-based cut records the congestion point");
        // exactly 1 ms is not growth; the target sits on the congestion point: additive, half of a
        // 9 459.8-bit packet (RTT 0: response time 100 ms, 100 ms elapsed)
        delay(new DelayFeedback(1_000_000, 1_000_000, 1_000_000, 0));
        assertEquals(1_991_289, cc.targetOnDelay());
    }

    @Test
    void nearTheLastCongestionPointTheIncreaseIsAboutOnePacketPerResponseTime() {
        cc.encoderAdded(START);
        delay(new DelayFeedback(1_000_000, 700_000, 0, 0.05)); // cut to 1 966 080, EMA there, σ = 0
        assertEquals(1_966_080, cc.targetOnDelay());
        // target (min of 1 966 080 and the loss target 2 048 000) equals the EMA: additive.
        // response time 100 + 50 ms, 100 ms elapsed: alpha = 1/3; 65 536 bits/frame in 7 packets of 9 362.3 bits
        delay(new DelayFeedback(1_000_000, 1_000_000, 0, 0.05));
        assertEquals(1_969_200, cc.targetOnDelay()); // + 3 120.76
        // now above EMA + 7σ (σ = 0): the EMA is forgotten and growth is multiplicative again
        delay(CLEAN);
        assertEquals(2_028_276, cc.targetOnDelay()); // trunc(1 969 200 × 1.03)
        assertTrue(Double.isNaN(cc.bitrateEma()));
    }

    @Test
    void theEmaAndVarianceFollowSuccessiveCuts() {
        cc.encoderAdded(START);
        DelayFeedback congested = new DelayFeedback(1_000_000, 700_000, 0, 0);
        delay(congested); // 1 966 080, EMA = 1 966 080
        delay(congested); // 1 887 436
        assertEquals(1_887_436, cc.targetOnDelay());
        double sigma = 1_887_436 - 1_966_080.0;
        assertEquals(1_966_080 + 0.75 * sigma, cc.bitrateEma(), 1e-6);
        assertEquals(0.25 * (0.75 * sigma * sigma), cc.bitrateEmvar(), 1e-3);
        // σ ≈ 34 051: the window is EMA ± 238 000, the next clean round is inside it, so additive
        delay(new DelayFeedback(1_000_000, 1_000_000, 0, 0));
        assertTrue(cc.targetOnDelay() - 1_887_436 < 5_000 && cc.targetOnDelay() > 1_887_436, cc.dump());
    }

    @Test
    void heavyLossCutsTheLossTargetWhichThenCapsTheEncoders() {
        cc.encoderAdded(START);
        Allocation a = loss(20); // factor (100 − 10) / 100 = 0.9 of the DELAY target
        assertEquals(1_843_200, cc.targetOnLoss());
        assertEquals(new Allocation(1_843_200, 1_843_200, 0), a);
        assertEquals(START, cc.targetOnDelay(), "the delay target is untouched");
        a = loss(5); // between 2 and 10 %: hold
        assertEquals(new Allocation(1_843_200, 1_843_200, 0), a);
        a = loss(1); // back to 1.05 × the delay target: the delay target rules again
        assertEquals(2_150_400, cc.targetOnLoss());
        assertEquals(new Allocation(START, START, 0), a);
    }

    @Test
    void theLossCutIsBetweenSeventyAndNinetyEightPercent() {
        cc.encoderAdded(START);
        loss(80); // (100 − 40) / 100 = 0.6 → 0.7
        assertEquals(1_433_600, cc.targetOnLoss());
        loss(10.5); // 0.9475
        assertEquals(1_940_480, cc.targetOnLoss());
    }

    @Test
    void targetsStayWithinMinAndMaxTimesTheNumberOfEncoders() {
        HomegrownController bounded = new HomegrownController(300_000, 1_000_000);
        bounded.encoderAdded(500_000);
        bounded.encoderAdded(500_000);
        DelayFeedback congested = new DelayFeedback(2_000_000, 0, 0, 0);
        for (int i = 0; i < 100; i++) {
            now += 100 * MS;
            Allocation a = bounded.onDelayFeedback(congested, now).orElseThrow();
            assertTrue(a.perEncoderBitrate() >= 300_000, a.toString());
            bounded.onLossFeedback(50);
        }
        assertEquals(600_000, bounded.targetOnDelay());
        assertEquals(new Allocation(600_000, 300_000, 0), bounded.current().orElseThrow());
        for (int i = 0; i < 100; i++) {
            now += 100 * MS;
            bounded.onDelayFeedback(CLEAN, now);
            Allocation a = bounded.onLossFeedback(0).orElseThrow();
            assertTrue(a.perEncoderBitrate() <= 1_000_000, a.toString());
        }
        assertEquals(new Allocation(2_000_000, 1_000_000, 0), bounded.current().orElseThrow());
    }

    @Test
    void multipleEncodersSplitTheTargetEquallyWithIntegerDivision() {
        HomegrownController three = new HomegrownController(1000, MAX);
        three.encoderAdded(1_000_000);
        three.encoderAdded(1_000_000);
        three.encoderAdded(1_000_001);
        assertEquals(new Allocation(3_000_001, 1_000_000, 0), three.onLossFeedback(5).orElseThrow());
        three.encoderRemoved(); // the others keep their share
        assertEquals(new Allocation(2_000_000, 1_000_000, 0), three.current().orElseThrow());
    }

    @Test
    void withoutVideoEncodersThereIsNothingToControl() {
        assertTrue(cc.onDelayFeedback(CLEAN, now).isEmpty());
        assertTrue(cc.onLossFeedback(0).isEmpty());
        assertTrue(cc.current().isEmpty());
        cc.encoderAdded(START);
        cc.encoderRemoved();
        assertTrue(cc.onLossFeedback(0).isEmpty());
        assertFalse(cc.dump().isEmpty());
    }

    @Test
    void unknownLossChangesNothing() {
        cc.encoderAdded(START);
        assertTrue(cc.onLossFeedback(Double.NaN).isEmpty());
        assertEquals(START, cc.targetOnLoss());
    }
}
