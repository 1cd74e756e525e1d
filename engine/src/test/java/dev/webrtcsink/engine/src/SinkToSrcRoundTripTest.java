package dev.webrtcsink.engine.src;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.engine.sink.element.WebRTCSink;
import dev.webrtcsink.engine.src.SrcTestSupport.Consumer;
import dev.webrtcsink.engine.testing.GstTesting;
import dev.webrtcsink.engine.testing.ServerFixture;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Our two elements talking to each other through the real signalling server, per codec. */
class SinkToSrcRoundTripTest {
    @RegisterExtension
    static final ServerFixture server = new ServerFixture();

    @BeforeAll
    static void init() {
        SrcTestSupport.init();
    }

    @ParameterizedTest(name = "{0} + Opus")
    @CsvSource({"VP8, video/x-vp8", "VP9, video/x-vp9", "H264, video/x-h264"})
    void webrtcsinkToWebrtcsrc(String codec, String caps) throws Exception {
        Pipeline producer = (Pipeline) Gst.parseLaunch("videotestsrc is-live=true "
                + "! video/x-raw,width=320,height=240,framerate=30/1 ! webrtcsink name=ws stun-server=\"\" "
                + "video-caps=" + caps + " audio-caps=audio/x-opus signaller::uri=" + server.uri()
                + " audiotestsrc is-live=true ! ws.");
        try {
            producer.play();
            WebRTCSink sink = WebRTCSink.of(producer.getElementByName("ws"));
            assertTrue(GstTesting.await(SrcTestSupport.MEDIA_TIMEOUT, () -> sink.signaller().get("client-id") != null),
                    sink.dump());
            String producerId = (String) sink.signaller().get("client-id");
            try (Consumer c = new Consumer("webrtcsrc name=src signaller::uri=" + server.uri()
                    + " signaller::producer-peer-id=" + producerId + " stun-server=\"\" video-codecs=<" + codec + "> "
                    + WebRTCSrcElementTest.DECODED).play()) {
                c.assertReceives(31, 10, sink.dump());
                String stats = sink.statsText();
                assertTrue(stats.toUpperCase().contains(codec), "webrtcsink encodes " + codec + ": " + stats);
                System.out.println("webrtcsink -> webrtcsrc " + codec + ": " + c.videoFrames.get() + " frames, "
                        + c.audioBuffers.get() + " audio buffers, first frame after " + c.timeToFirstFrameMillis() + " ms");
            }
        } finally {
            producer.setState(State.NULL);
            producer.dispose();
        }
    }
}
