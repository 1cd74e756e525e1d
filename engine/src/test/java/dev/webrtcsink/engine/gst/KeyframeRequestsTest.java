package dev.webrtcsink.engine.gst;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.engine.testing.GstTesting;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.freedesktop.gstreamer.BufferFlags;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.PadProbeType;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A key frame request reaches a real encoder and makes it emit a key frame it would not have made on its own. */
class KeyframeRequestsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @BeforeAll
    static void init() {
        GstTesting.init();
    }

    @Test
    void encoderEmitsAKeyFrameWhenAsked() throws Exception {
        Pipeline pipeline = (Pipeline) Gst.parseLaunch("videotestsrc is-live=true "
                + "! video/x-raw,width=160,height=120,framerate=30/1 "
                + "! x264enc name=enc tune=zerolatency speed-preset=ultrafast key-int-max=100000 ! fakesink sync=false");
        try {
            Element encoder = pipeline.getElementByName("enc");
            Pad src = encoder.getStaticPad("src");
            AtomicInteger frames = new AtomicInteger();
            AtomicInteger keyFrames = new AtomicInteger();
            src.addProbe(PadProbeType.BUFFER, (pad, info) -> {
                frames.incrementAndGet();
                if (!info.getBuffer().getFlags().contains(BufferFlags.DELTA_UNIT)) {
                    keyFrames.incrementAndGet();
                }
                return PadProbeReturn.OK;
            });
            pipeline.play();
            assertTrue(GstTesting.await(TIMEOUT, () -> frames.get() >= 10), "frames: " + frames.get());
            assertTrue(keyFrames.get() == 1, "only the first frame is a key frame so far: " + keyFrames.get());

            assertTrue(KeyframeRequests.request(src), "the encoder handled the request");
            assertTrue(GstTesting.await(TIMEOUT, () -> keyFrames.get() == 2),
                    "a second key frame after the request: " + keyFrames.get() + " of " + frames.get() + " frames");
        } finally {
            pipeline.setState(State.NULL);
            pipeline.dispose();
        }
    }
}
