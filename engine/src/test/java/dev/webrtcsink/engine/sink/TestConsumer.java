package dev.webrtcsink.engine.sink;

import dev.webrtcsink.api.IceCandidate;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.engine.gst.TransceiverDirection;
import dev.webrtcsink.engine.gst.WebRtcBin;
import dev.webrtcsink.engine.natives.GObjectLib;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.PadProbeType;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;

/**
 * A remote viewer made of a plain webrtcbin: answers the controller's offer, decodes what it
 * receives and counts decoded video frames and audio buffers (pad probes: test code only).
 */
final class TestConsumer implements AutoCloseable {

    private final String sessionId;
    private final DirectSignaller signaller;
    private final WebRtcBinDriver driver;
    private final Pipeline pipeline;
    private final Element webrtcbin;
    private final ExecutorService worker;
    final AtomicLong videoFrames = new AtomicLong();
    final AtomicLong audioBuffers = new AtomicLong();
    final CountDownLatch endedByProducer = new CountDownLatch(1);
    volatile String endError;
    volatile String receivedOffer;
    volatile boolean answerWithGarbage;

    /** @param receiveCaps RTP caps of the recvonly transceivers, one per m-line, in offer order */
    TestConsumer(String sessionId, DirectSignaller signaller, WebRtcBinDriver driver, List<String> receiveCaps) {
        this.sessionId = sessionId;
        this.signaller = signaller;
        this.driver = driver;
        this.worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "consumer-" + sessionId));
        pipeline = new Pipeline("consumer-" + sessionId);
        webrtcbin = ElementFactory.make("webrtcbin", "recv-" + sessionId);
        webrtcbin.setAsString("bundle-policy", "max-bundle");
        pipeline.add(webrtcbin);
        driver.prepare(webrtcbin);
        // webrtcbin 1.22 answers with what its transceivers prefer: pre-create recvonly ones
        try (WebRtcBin bin = WebRtcBin.of(webrtcbin)) {
            for (String caps : receiveCaps) {
                GObjectLib.LIB.g_object_unref(bin.addTransceiver(TransceiverDirection.RECVONLY, caps));
            }
        }
        driver.onIceCandidate(webrtcbin, (mline, candidate) -> {
            var producer = signaller.producer();
            if (producer != null) {
                producer.iceCandidate(sessionId, IceCandidate.of(candidate, mline));
            }
        });
        webrtcbin.connect((Element.PAD_ADDED) (element, pad) -> decode(pad));
        signaller.register(this);
        pipeline.play();
    }

    String sessionId() {
        return sessionId;
    }

    /** Asks the producer for a session; it will send the offer. */
    void requestSession() {
        signaller.producer().sessionRequested(sessionId, "peer-" + sessionId, null);
    }

    /** Leaves as a browser closing the tab would: tells the producer, then stops. */
    void leave() {
        signaller.producer().sessionEnded(sessionId, null);
        close();
    }

    void onRemoteDescription(SessionDescription offer) {
        receivedOffer = offer.sdp();
        worker.execute(() -> {
            try {
                if (answerWithGarbage) {
                    signaller.producer().sessionDescription(sessionId, SessionDescription.answer("this is not SDP"));
                    return;
                }
                driver.setRemoteDescription(webrtcbin, offer);
                String answer = driver.createAnswer(webrtcbin);
                SessionDescription description = SessionDescription.answer(answer);
                driver.setLocalDescription(webrtcbin, description);
                signaller.producer().sessionDescription(sessionId, description);
            } catch (RuntimeException e) {
                endError = "consumer failed: " + e;
            }
        });
    }

    void onRemoteCandidate(IceCandidate candidate) {
        worker.execute(() -> {
            if (!candidate.isEndOfCandidates()) {
                driver.addIceCandidate(webrtcbin, candidate);
            }
        });
    }

    void onEndedByProducer(String error) {
        endError = error;
        endedByProducer.countDown();
    }

    private void decode(Pad pad) {
        if (pad.getDirection() != org.freedesktop.gstreamer.PadDirection.SRC) {
            return;
        }
        Element decodebin = ElementFactory.make("decodebin", null);
        decodebin.connect((Element.PAD_ADDED) (d, decodedPad) -> {
            String caps = decodedPad.getCurrentCaps().getStructure(0).getName();
            boolean video = caps.startsWith("video/");
            Bin sinkBin = Gst.parseBinFromDescription("queue ! fakesink sync=false name=count", true);
            pipeline.add(sinkBin);
            sinkBin.syncStateWithParent();
            sinkBin.getElementByName("count").getStaticPad("sink").addProbe(PadProbeType.BUFFER, (p, info) -> {
                (video ? videoFrames : audioBuffers).incrementAndGet();
                return PadProbeReturn.OK;
            });
            decodedPad.link(sinkBin.getStaticPad("sink"));
        });
        pipeline.add(decodebin);
        decodebin.syncStateWithParent();
        pad.link(decodebin.getStaticPad("sink"));
    }

    /** Waits until {@code condition} holds; false on timeout. */
    static boolean await(BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Override
    public void close() {
        worker.shutdownNow();
        pipeline.setState(State.NULL);
    }
}
