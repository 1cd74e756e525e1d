package dev.webrtcsink.engine.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.engine.codec.GstInit;
import dev.webrtcsink.engine.codec.MediaKind;
import dev.webrtcsink.engine.testing.ReceivingWebRtcBin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The controller end to end with real GStreamer: a live producer pipeline, the controller's
 * consumer pipelines, and test consumers made of plain webrtcbins, all on loopback.
 */
class WebRTCSinkControllerTest {

    private static final long CONNECT_TIMEOUT_MS = 20_000;

    private final WebRtcBinDriver driver = new GstWebRtcBinDriver();
    private final List<TestConsumer> consumers = new ArrayList<>();
    private final List<String> removed = new CopyOnWriteArrayList<>();
    private Pipeline producer;
    private WebRTCSinkController controller;
    private DirectSignaller signaller;

    @BeforeAll
    static void gst() {
        GstInit.ensure();
    }

    @BeforeEach
    void setUp() throws Exception {
        producer = (Pipeline) Gst.parseLaunch(
                "videotestsrc is-live=true ! video/x-raw,format=I420,width=320,height=240,framerate=30/1 "
                        + "! tee name=video_0 allow-not-linked=true "
                        + "audiotestsrc is-live=true ! audio/x-raw,rate=48000,channels=2 "
                        + "! tee name=audio_0 allow-not-linked=true");
        controller = new WebRTCSinkController(driver);
        controller.settings().stunServer(null);
        signaller = new DirectSignaller();
        controller.setSignaller(signaller);
        controller.addListener(new WebRTCSinkListener() {
            @Override
            public void consumerRemoved(String peerId, Element webrtcbin) {
                removed.add(peerId);
            }
        });
        controller.addInput(new SinkInput("video_0", MediaKind.VIDEO, producer.getElementByName("video_0")));
        controller.addInput(new SinkInput("audio_0", MediaKind.AUDIO, producer.getElementByName("audio_0")));
        producer.play();
        controller.prepare();
        controller.play();
        for (String name : new String[] {"video_0", "audio_0"}) {
            Element tee = producer.getElementByName(name);
            assertTrue(TestConsumer.await(() -> tee.getStaticPad("sink").getCurrentCaps() != null, 5000), name + " caps");
            Caps caps = tee.getStaticPad("sink").getCurrentCaps();
            controller.inputCaps(name, caps.toString());
        }
        assertTrue(signaller.started.await(5, TimeUnit.SECONDS), "signaller started once all inputs had caps");
    }

    @AfterEach
    void tearDown() {
        for (TestConsumer c : consumers) {
            c.close();
        }
        if (controller != null) {
            controller.close();
        }
        if (producer != null) {
            producer.setState(State.NULL);
        }
    }

    private TestConsumer consumer(String id, String videoCodec) {
        TestConsumer c = new TestConsumer(id, signaller, driver,
                List.of(ReceivingWebRtcBin.videoReceiveCaps(videoCodec), ReceivingWebRtcBin.OPUS_RECEIVE_CAPS));
        consumers.add(c);
        return c;
    }

    private void assertReceives(TestConsumer c, long frames) throws InterruptedException {
        long video0 = c.videoFrames.get();
        long audio0 = c.audioBuffers.get();
        assertTrue(TestConsumer.await(() -> c.videoFrames.get() >= video0 + frames && c.audioBuffers.get() >= audio0 + frames,
                        CONNECT_TIMEOUT_MS),
                c.sessionId() + ": video " + c.videoFrames.get() + ", audio " + c.audioBuffers.get()
                        + ", error " + c.endError + "\n" + controller.dump());
    }

    @Test
    void vp8AndOpusReachTheConsumer() throws Exception {
        TestConsumer c = consumer("vp8", "VP8");
        c.requestSession();
        assertReceives(c, 15);
        assertTrue(c.receivedOffer.contains("VP8/90000"), c.receivedOffer);
        assertTrue(c.receivedOffer.contains("OPUS/48000"), c.receivedOffer);
        assertEquals(List.of("vp8"), controller.getSessions());
        assertTrue(TestConsumer.await(() -> controller.sessionState("vp8") == SessionState.STREAMING, 5000),
                "state " + controller.sessionState("vp8"));

        Map<String, SessionStats> stats = controller.stats();
        SessionStats s = stats.get("vp8");
        assertNotNull(s);
        assertEquals("video/x-vp8", s.videoEncoders().get(0).codecName());
        assertEquals(controller.settings().maxBitrate(), s.videoEncoders().get(0).bitrate(), "CC disabled: max-bitrate");
        assertTrue(TestConsumer.await(() -> controller.stats().get("vp8").webrtcStats().contains("outbound-rtp"), 5000));
        assertTrue(controller.statsStructureText().startsWith("application/x-webrtcsink-stats, vp8=(structure)"));
        assertTrue(controller.dump().contains("chosen 96=VP8"), controller.dump());
    }

    @ParameterizedTest
    @ValueSource(strings = {"VP9", "H264"})
    void consumerPicksTheVideoCodec(String codec) throws Exception {
        TestConsumer c = consumer("c-" + codec, codec);
        c.requestSession();
        assertReceives(c, 15);
        assertTrue(controller.dump().contains("=" + codec + " bitrate"), controller.dump());
    }

    @Test
    void consumersAreIndependent() throws Exception {
        TestConsumer a = consumer("a", "VP8");
        TestConsumer b = consumer("b", "VP8");
        a.requestSession();
        b.requestSession();
        assertReceives(a, 10);
        assertReceives(b, 10);

        a.leave();
        assertTrue(TestConsumer.await(() -> controller.getSessions().equals(List.of("b")), 5000),
                "sessions " + controller.getSessions());
        assertTrue(TestConsumer.await(() -> removed.equals(List.of("peer-a")), 5000), "removed " + removed);
        assertReceives(b, 30); // b keeps streaming after a left

        TestConsumer garbage = consumer("garbage", "VP8");
        garbage.answerWithGarbage = true;
        garbage.requestSession();
        assertTrue(garbage.endedByProducer.await(10, TimeUnit.SECONDS), "garbage answer ends the session");
        assertTrue(garbage.endError != null && garbage.endError.contains("invalid answer"), garbage.endError);
        assertEquals(List.of("b"), controller.getSessions());
        assertReceives(b, 30);
    }

    @Test
    void gccIsNotImplementedButHomegrownIs() {
        var e = assertThrows(UnsupportedOperationException.class,
                () -> controller.settings().congestionControl(CongestionControl.GCC));
        assertTrue(e.getMessage().contains("not implemented yet"));
        assertEquals(CongestionControl.DISABLED, controller.settings().congestionControl());
        controller.settings().congestionControl(CongestionControl.HOMEGROWN);
        assertEquals(CongestionControl.HOMEGROWN, controller.settings().congestionControl());
    }
}
