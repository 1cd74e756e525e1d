package dev.webrtcsink.engine.src;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.engine.sink.element.WebRTCSink;
import dev.webrtcsink.engine.src.SrcTestSupport.Consumer;
import dev.webrtcsink.engine.testing.GstTesting;
import dev.webrtcsink.server.SignallingServer;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Our two elements talking to each other through the real signalling server, per codec. */
class SinkToSrcRoundTripTest {
    private static SignallingServer server;
    private static String uri;

    @BeforeAll
    static void start() {
        SrcTestSupport.init();
        server = SrcTestSupport.startServer();
        uri = "ws://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @ParameterizedTest(name = "{0} + Opus")
    @CsvSource({"VP8, video/x-vp8", "VP9, video/x-vp9", "H264, video/x-h264"})
    void webrtcsinkToWebrtcsrc(String codec, String caps) throws Exception {
        Pipeline producer = (Pipeline) Gst.parseLaunch("videotestsrc is-live=true "
                + "! video/x-raw,width=320,height=240,framerate=30/1 ! webrtcsink name=ws stun-server=\"\" "
                + "video-caps=" + caps + " audio-caps=audio/x-opus signaller::uri=" + uri
                + " audiotestsrc is-live=true ! ws.");
        try {
            producer.play();
            WebRTCSink sink = WebRTCSink.of(producer.getElementByName("ws"));
            assertTrue(GstTesting.await(SrcTestSupport.MEDIA_TIMEOUT, () -> sink.signaller().get("client-id") != null),
                    sink.dump());
            String producerId = (String) sink.signaller().get("client-id");
            try (Consumer c = new Consumer("webrtcsrc name=src signaller::uri=" + uri
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
