package dev.webrtcsink.engine.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** congestion-control.md §1 and the factory. */
class DisabledControllerTest {

    @Test
    void everyEncoderRunsAtMaxBitrateWithHalfFecAndFeedbackChangesNothing() {
        CongestionController cc = CongestionController.create("disabled", 1000, 3_000_000);
        assertFalse(cc.needsTwcc());
        assertTrue(cc.current().isEmpty());
        assertEquals(new Allocation(3_000_000, 3_000_000, 50), cc.encoderAdded(2_048_000));
        assertEquals(new Allocation(6_000_000, 3_000_000, 50), cc.encoderAdded(2_048_000));
        assertTrue(cc.onDelayFeedback(new DelayFeedback(5_000_000, 0, 10_000_000, 1), 0).isEmpty());
        assertTrue(cc.onLossFeedback(90).isEmpty());
        assertEquals(new Allocation(6_000_000, 3_000_000, 50), cc.current().orElseThrow());
    }

    @Test
    void homegrownNeedsTwccAndGccIsRefused() {
        CongestionController homegrown = CongestionController.create("homegrown", 1000, 8_192_000);
        assertEquals("homegrown", homegrown.name());
        assertTrue(homegrown.needsTwcc());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> CongestionController.create("gcc", 1000, 8_192_000));
        assertTrue(e.getMessage().contains("'gcc' is not implemented"), e.getMessage());
    }
}
