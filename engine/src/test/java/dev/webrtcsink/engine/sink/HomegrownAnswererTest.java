package dev.webrtcsink.engine.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.api.IceCandidate;
import dev.webrtcsink.api.PropertySpec;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.api.Signaller;
import dev.webrtcsink.api.SignallerListener;
import dev.webrtcsink.engine.codec.GstInit;
import dev.webrtcsink.engine.codec.MediaKind;
import dev.webrtcsink.engine.gst.TransceiverDirection;
import dev.webrtcsink.engine.gst.WebRtcBin;
import dev.webrtcsink.engine.natives.GObjectLib;
import dev.webrtcsink.engine.testing.GstTesting;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.PadDirection;
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.PadProbeType;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Homegrown congestion control when the consumer makes the offer (a WHEP client, a browser offering): webrtcsink
 * answers with the consumer's TWCC extension id (spec §7.2 step 3), its payloader writes that id, the consumer's
 * feedback reaches the controller and the encoder bitrate rises from start-bitrate. Loopback, no STUN.
 */
class HomegrownAnswererTest {
    private static final String SESSION = "offering-consumer";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long START = 300_000;
    private static final long MAX = 1_200_000;

    private final WebRtcBinDriver driver = new GstWebRtcBinDriver();
    private final ExecutorService consumerThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "offering-consumer"));
    private final AtomicLong rtpBuffers = new AtomicLong();
    private Pipeline producer;
    private Pipeline consumer;
    private Element consumerBin;
    private WebRTCSinkController controller;
    private volatile SignallerListener toProducer;
    private volatile String answer;

    @BeforeAll
    static void gst() {
        GstInit.ensure();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (controller != null) {
            controller.close();
        }
        consumerThread.shutdownNow();
        for (Pipeline p : new Pipeline[] {consumer, producer}) {
            if (p != null) {
                p.setState(State.NULL);
                p.dispose();
            }
        }
    }

    /** The producer side of the link: what the controller sends goes straight to the consumer's webrtcbin. */
    private final class Link implements Signaller {
        @Override
        public void start(SignallerListener listener) {
            toProducer = listener;
        }

        @Override
        public void stop() {
            toProducer = null;
        }

        @Override
        public void sendSessionDescription(String sessionId, SessionDescription description) {
            answer = description.sdp();
            consumerThread.execute(() -> driver.setRemoteDescription(consumerBin, description));
        }

        @Override
        public void sendIceCandidate(String sessionId, IceCandidate candidate) {
            if (!candidate.isEndOfCandidates()) {
                consumerThread.execute(() -> driver.addIceCandidate(consumerBin, candidate));
            }
        }

        @Override
        public void endSession(String sessionId) {
        }

        @Override
        public void endSessionWithError(String sessionId, String error) {
        }

        @Override
        public List<PropertySpec> properties() {
            return List.of();
        }

        @Override
        public Object get(String property) {
            throw new IllegalArgumentException(property);
        }

        @Override
        public void set(String property, Object value) {
            throw new IllegalArgumentException(property);
        }
    }

    @Test
    void answersWithTheOfferedTwccIdAndFollowsTheFeedback() throws Exception {
        producer = (Pipeline) Gst.parseLaunch("videotestsrc is-live=true "
                + "! video/x-raw,format=I420,width=320,height=240,framerate=30/1 ! tee name=video_0 allow-not-linked=true");
        controller = new WebRTCSinkController(driver);
        controller.settings().stunServer(null).videoCaps("video/x-vp8")
                .congestionControl(CongestionControl.HOMEGROWN).minBitrate(100_000).startBitrate(START).maxBitrate(MAX);
        controller.setSignaller(new Link());
        controller.addInput(new SinkInput("video_0", MediaKind.VIDEO, producer.getElementByName("video_0")));
        producer.play();
        controller.prepare();
        controller.play();
        Element tee = producer.getElementByName("video_0");
        assertTrue(GstTesting.await(TIMEOUT, () -> tee.getStaticPad("sink").getCurrentCaps() != null));
        controller.inputCaps("video_0", tee.getStaticPad("sink").getCurrentCaps().toString());
        assertTrue(GstTesting.await(TIMEOUT, () -> toProducer != null), "signaller started");

        // the consumer: a webrtcbin offering to receive VP8 with TWCC as extension 3 (not the 1 we would offer)
        consumer = new Pipeline("offering-consumer");
        consumerBin = ElementFactory.make("webrtcbin", "offerer");
        consumerBin.setAsString("bundle-policy", "max-bundle");
        consumer.add(consumerBin);
        driver.prepare(consumerBin);
        try (WebRtcBin bin = WebRtcBin.of(consumerBin)) {
            GObjectLib.LIB.g_object_unref(bin.addTransceiver(TransceiverDirection.RECVONLY,
                    "application/x-rtp, media=(string)video, encoding-name=(string)VP8, clock-rate=(int)90000, "
                            + "payload=(int)96, extmap-3=(string)\"" + SdpMedia.TWCC_URI + "\""));
        }
        driver.onIceCandidate(consumerBin, (mline, candidate) ->
                toProducer.iceCandidate(SESSION, IceCandidate.of(candidate, mline)));
        consumerBin.connect((Element.PAD_ADDED) (element, pad) -> {
            if (pad.getDirection() != PadDirection.SRC) {
                return;
            }
            Element sink = ElementFactory.make("fakesink", null);
            sink.set("sync", false);
            consumer.add(sink);
            sink.syncStateWithParent();
            sink.getStaticPad("sink").addProbe(PadProbeType.BUFFER, (p, info) -> {
                rtpBuffers.incrementAndGet(); // counting in Java per buffer: test only
                return PadProbeReturn.OK;
            });
            pad.link(sink.getStaticPad("sink"));
        });
        consumer.play();
        consumerThread.submit(() -> {
            SessionDescription offer = SessionDescription.offer(driver.createOffer(consumerBin));
            driver.setLocalDescription(consumerBin, offer);
            toProducer.sessionRequested(SESSION, "peer", offer);
        }).get();

        assertTrue(GstTesting.await(TIMEOUT, () -> rtpBuffers.get() > 30), "media: " + rtpBuffers + "\n" + controller.dump());
        assertTrue(answer.contains("a=extmap:3 " + SdpMedia.TWCC_URI), answer);
        Element payloader = controller.sessionPipeline(SESSION).getElementByName("payloader-video_0");
        String caps = payloader.getStaticPad("src").getCurrentCaps().toString();
        assertTrue(caps.contains("extmap-3=(string)" + SdpMedia.TWCC_URI), caps);

        assertTrue(GstTesting.await(TIMEOUT, () -> controller.stats().get(SESSION).videoEncoders().get(0).bitrate() >= 2 * START),
                "the bitrate rises on the consumer's feedback\n" + controller.dump());
        long bitrate = controller.stats().get(SESSION).videoEncoders().get(0).bitrate();
        assertTrue(bitrate <= MAX, "at most max-bitrate: " + bitrate);
        assertEquals(List.of(SESSION), controller.getSessions());
    }
}
