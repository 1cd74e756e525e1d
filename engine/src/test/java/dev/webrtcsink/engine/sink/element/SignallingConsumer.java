package dev.webrtcsink.engine.sink.element;

import dev.webrtcsink.api.IceCandidate;
import dev.webrtcsink.api.Role;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.api.SignallerException;
import dev.webrtcsink.api.SignallerListener;
import dev.webrtcsink.engine.sink.GstWebRtcBinDriver;
import dev.webrtcsink.engine.testing.ReceivingWebRtcBin;
import dev.webrtcsink.signaller.websocket.WebSocketSignaller;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A remote viewer as a browser would be one: the default signaller in the consumer role talking to a real signalling
 * server, and a plain webrtcbin that answers webrtcsink's offer, decodes and counts what it receives (pad probes:
 * test code only). Loopback only, no STUN.
 */
final class SignallingConsumer implements AutoCloseable {
    static final String OPUS_RECV = ReceivingWebRtcBin.OPUS_RECEIVE_CAPS;

    private final WebSocketSignaller signaller = new WebSocketSignaller(Role.CONSUMER);
    private final ReceivingWebRtcBin receiver;
    private final ExecutorService worker;
    final AtomicLong videoFrames;
    final AtomicLong audioBuffers;
    final CountDownLatch answered = new CountDownLatch(1);
    final CountDownLatch ended = new CountDownLatch(1);
    volatile String sessionId;
    volatile String endError;
    volatile String failure;
    volatile String offer;
    /** Send this text instead of a real answer. */
    volatile String garbageAnswer;

    /**
     * @param videoCodec SDP encoding name the consumer wants for video, e.g. VP8; null for no video m-line
     * @param audio      whether to receive the audio m-line
     */
    SignallingConsumer(String name, String uri, String producerId, String videoCodec, boolean audio) {
        // threads made lazily inherit the creating thread's group: a signaller callback would make this one look like
        // the signaller's own helper thread (it joins its group on stop), so pin the group now
        ThreadGroup group = Thread.currentThread().getThreadGroup();
        worker = Executors.newSingleThreadExecutor(r -> new Thread(group, r, "consumer-" + name));
        List<String> receiveCaps = new ArrayList<>();
        if (videoCodec != null) {
            receiveCaps.add(ReceivingWebRtcBin.videoReceiveCaps(videoCodec));
        }
        if (audio) {
            receiveCaps.add(OPUS_RECV);
        }
        receiver = new ReceivingWebRtcBin("consumer-" + name, "recv", new GstWebRtcBinDriver(), receiveCaps,
                (mline, candidate) -> {
                    String sid = sessionId;
                    if (sid != null) {
                        signaller.sendIceCandidate(sid, IceCandidate.of(candidate, mline));
                    }
                });
        videoFrames = receiver.videoFrames;
        audioBuffers = receiver.audioBuffers;
        receiver.play();
        signaller.set("uri", uri);
        signaller.set("producer-peer-id", producerId);
        signaller.start(new Events());
    }

    /** Ends the session as a browser closing the tab would, then stops. */
    void leave() {
        String sid = sessionId;
        if (sid != null) {
            signaller.endSession(sid);
        }
        close();
    }

    private final class Events implements SignallerListener {
        @Override
        public void sessionStarted(String sid, String peerId) {
            sessionId = sid;
        }

        @Override
        public void sessionDescription(String sid, SessionDescription description) {
            offer = description.sdp();
            worker.execute(() -> answer(sid, description));
        }

        @Override
        public void iceCandidate(String sid, IceCandidate candidate) {
            worker.execute(() -> receiver.addRemoteCandidate(candidate));
        }

        @Override
        public void sessionEnded(String sid, String error) {
            endError = error;
            ended.countDown();
        }

        @Override
        public void error(SignallerException error) {
            failure = error.getMessage();
        }
    }

    private void answer(String sid, SessionDescription offerDescription) {
        try {
            if (garbageAnswer != null) {
                signaller.sendSessionDescription(sid, SessionDescription.answer(garbageAnswer));
                answered.countDown();
                return;
            }
            signaller.sendSessionDescription(sid, receiver.answer(offerDescription));
            answered.countDown();
        } catch (RuntimeException e) {
            failure = "consumer failed: " + e;
        }
    }

    @Override
    public String toString() {
        return "consumer session " + sessionId + ": video " + videoFrames.get() + ", audio " + audioBuffers.get()
                + (failure == null ? "" : ", failure " + failure) + (endError == null ? "" : ", ended: " + endError);
    }

    private boolean closed;

    /** Idempotent: tests may leave() and still close in their tear-down. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        signaller.stop();
        worker.shutdownNow();
        receiver.stop();
        receiver.dispose();
    }

}
