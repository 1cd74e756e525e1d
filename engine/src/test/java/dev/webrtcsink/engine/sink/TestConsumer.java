package dev.webrtcsink.engine.sink;

import dev.webrtcsink.api.IceCandidate;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.engine.testing.GstTesting;
import dev.webrtcsink.engine.testing.ReceivingWebRtcBin;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A remote viewer made of a plain webrtcbin: answers the controller's offer, decodes what it
 * receives and counts decoded video frames and audio buffers (pad probes: test code only).
 */
final class TestConsumer implements AutoCloseable {

    private final String sessionId;
    private final DirectSignaller signaller;
    private final ReceivingWebRtcBin receiver;
    private final ExecutorService worker;
    final AtomicLong videoFrames;
    final AtomicLong audioBuffers;
    final CountDownLatch endedByProducer = new CountDownLatch(1);
    volatile String endError;
    volatile String receivedOffer;
    volatile boolean answerWithGarbage;

    /** @param receiveCaps RTP caps of the recvonly transceivers, one per m-line, in offer order */
    TestConsumer(String sessionId, DirectSignaller signaller, WebRtcBinDriver driver, List<String> receiveCaps) {
        this.sessionId = sessionId;
        this.signaller = signaller;
        this.worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "consumer-" + sessionId));
        receiver = new ReceivingWebRtcBin("consumer-" + sessionId, "recv-" + sessionId, driver, receiveCaps,
                (mline, candidate) -> {
                    var producer = signaller.producer();
                    if (producer != null) {
                        producer.iceCandidate(sessionId, IceCandidate.of(candidate, mline));
                    }
                });
        videoFrames = receiver.videoFrames;
        audioBuffers = receiver.audioBuffers;
        signaller.register(this);
        receiver.play();
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
                signaller.producer().sessionDescription(sessionId, receiver.answer(offer));
            } catch (RuntimeException e) {
                endError = "consumer failed: " + e;
            }
        });
    }

    void onRemoteCandidate(IceCandidate candidate) {
        worker.execute(() -> receiver.addRemoteCandidate(candidate));
    }

    void onEndedByProducer(String error) {
        endError = error;
        endedByProducer.countDown();
    }

    /** Waits until {@code condition} holds; false on timeout. */
    static boolean await(BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
        return GstTesting.await(Duration.ofMillis(timeoutMillis), condition);
    }

    @Override
    public void close() {
        worker.shutdownNow();
        receiver.stop();
    }
}
