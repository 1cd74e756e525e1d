package dev.webrtcsink.engine.src;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.engine.element.JavaObject;
import dev.webrtcsink.engine.src.SrcTestSupport.Consumer;
import dev.webrtcsink.engine.testing.Closer;
import dev.webrtcsink.engine.testing.GstTesting;
import dev.webrtcsink.engine.testing.ServerFixture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.freedesktop.gstreamer.State;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** webrtcsrc end to end: a real signalling server on loopback, hand-built and webrtcsink producers. */
class WebRTCSrcElementTest {
    @RegisterExtension
    static final ServerFixture server = new ServerFixture();
    @RegisterExtension
    final Closer closer = new Closer();

    @BeforeAll
    static void init() {
        SrcTestSupport.init();
    }

    private Consumer consumer(String producerId, String branches) {
        return closer.closeLater(new Consumer("webrtcsrc name=src signaller::uri=" + server.uri()
                + " signaller::producer-peer-id=" + producerId + " stun-server=\"\" " + branches)).play();
    }

    static final String DECODED = "src. ! queue ! videoconvert ! fakesink name=video sync=false "
            + "src. ! queue ! audioconvert ! fakesink name=audio sync=false";

    @Test
    void decodesVideoAndAudioFromAHandBuiltProducer() throws Exception {
        WebRtcBinProducer producer = closer.closeLater(new WebRtcBinProducer(server.uri(), true));
        String producerId = producer.awaitPeerId();
        Consumer c = consumer(producerId, DECODED);
        c.assertReceives(31, 10, producer);
        System.out.println("hand-built producer -> webrtcsrc: " + c.videoFrames.get() + " frames, "
                + c.audioBuffers.get() + " audio buffers, first frame after " + c.timeToFirstFrameMillis() + " ms; "
                + c.padCaps);
        assertTrue(c.padCaps.stream().anyMatch(s -> s.startsWith("video: video/x-raw")), c.padCaps.toString());
        assertTrue(c.padCaps.stream().anyMatch(s -> s.startsWith("audio: audio/x-raw")), c.padCaps.toString());
    }

    @Test
    void asksTheProducerForAKeyFrameWhenMediaStarts() throws Exception {
        // this producer's H264 encoder makes a key frame only at start-up (long before the session) or when asked,
        // and h264parse drops everything before one: video decodes only if webrtcsrc's request reaches it (PLI/FIR)
        WebRtcBinProducer producer = closer.closeLater(new WebRtcBinProducer(server.uri(), false,
                WebRtcBinProducer.H264_KEY_FRAMES_ON_REQUEST));
        Consumer c = consumer(producer.awaitPeerId(), "src. ! queue ! videoconvert ! fakesink name=video sync=false");
        c.assertReceives(31, 0, producer);
        System.out.println("producer without periodic key frames -> webrtcsrc: first frame after "
                + c.timeToFirstFrameMillis() + " ms");
    }

    @Test
    void vp8decDownstreamGetsDepayloadedVp8() throws Exception {
        WebRtcBinProducer producer = closer.closeLater(new WebRtcBinProducer(server.uri(), true));
        Consumer c = consumer(producer.awaitPeerId(), "src. ! vp8dec ! fakesink name=video sync=false");
        c.assertReceives(31, 0, producer);
        assertTrue(c.src.dump().contains("output=ENCODED (video/x-vp8"), c.toString());
    }

    @Test
    void rtpDepayloaderDownstreamGetsRtp() throws Exception {
        WebRtcBinProducer producer = closer.closeLater(new WebRtcBinProducer(server.uri(), false));
        Consumer c = consumer(producer.awaitPeerId(), "src. ! rtpvp8depay ! vp8dec ! fakesink name=video sync=false");
        c.assertReceives(31, 0, producer);
        assertTrue(c.src.dump().contains("output=RTP"), c.toString());
    }

    @Test
    void producerVanishingMidStreamEndsWithEos() throws Exception {
        WebRtcBinProducer producer = closer.closeLater(new WebRtcBinProducer(server.uri(), true));
        Consumer c = consumer(producer.awaitPeerId(), DECODED);
        c.assertReceives(10, 5, producer);
        long vanished = System.nanoTime();
        producer.vanish();
        assertTrue(GstTesting.await(Duration.ofSeconds(15), () -> c.eos || !c.errors.isEmpty()), c.toString());
        System.out.println("producer vanished -> EOS after " + (System.nanoTime() - vanished) / 1_000_000 + " ms");
        assertTrue(c.eos && c.errors.isEmpty(), c.toString());
        assertTrue(GstTesting.await(Duration.ofSeconds(5), () -> c.src.asElement().getSrcPads().isEmpty()), c.toString());
    }

    @Test
    void malformedOfferIsAClearErrorAndTheElementRestarts() throws Exception {
        int javaObjects = JavaObject.liveInstances();
        WebRtcBinProducer bad = closer.closeLater(new WebRtcBinProducer(server.uri(), false));
        // SDP enough for the signaller, but no ICE credentials, fingerprint or mid: webrtcbin refuses it
        bad.garbageOffer = "v=0\r\no=- 0 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n"
                + "c=IN IP4 0.0.0.0\r\na=recvonly\r\na=rtpmap:96 VP8/90000\r\n";
        WebRtcBinProducer good = closer.closeLater(new WebRtcBinProducer(server.uri(), true));
        String goodId = good.awaitPeerId();
        Consumer c = consumer(bad.awaitPeerId(), DECODED);
        assertTrue(GstTesting.await(SrcTestSupport.MEDIA_TIMEOUT, () -> !c.errors.isEmpty()), c.toString());
        assertTrue(c.errors.get(0).startsWith("Failed to handle the producer's offer: "),
                c.errors.toString());
        System.out.println("malformed offer -> " + c.errors.get(0));
        assertTrue(bad.ended.await(10, TimeUnit.SECONDS), "the producer was told the session ended");

        // NULL, then PLAYING again with another producer
        c.pipeline.setState(State.NULL);
        assertEquals(0, controlThreads(), "control thread gone in NULL");
        c.errors.clear();
        c.src.signallerObject().set("producer-peer-id", goodId);
        c.play();
        c.assertReceives(31, 10, good);

        c.close();
        closer.forget(c);
        assertTrue(GstTesting.awaitWithGc(Duration.ofSeconds(10),
                () -> JavaObject.liveInstances() <= javaObjects && controlThreads() == 0
                        && StreamStartRewriter.liveProbes() == 0),
                "Java GObjects " + JavaObject.liveInstances() + " (before " + javaObjects + "), control threads "
                        + controlThreads() + ", stream-id probes " + StreamStartRewriter.liveProbes());
    }

    private static long controlThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("webrtcsrc-control")).count();
    }
}
