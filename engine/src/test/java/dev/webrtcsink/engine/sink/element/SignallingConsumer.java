package dev.webrtcsink.engine.sink.element;

import dev.webrtcsink.api.IceCandidate;
import dev.webrtcsink.api.Role;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.api.SignallerException;
import dev.webrtcsink.api.SignallerListener;
import dev.webrtcsink.engine.gst.TransceiverDirection;
import dev.webrtcsink.engine.gst.WebRtcBin;
import dev.webrtcsink.engine.natives.GObjectLib;
import dev.webrtcsink.engine.sink.GstWebRtcBinDriver;
import dev.webrtcsink.signaller.websocket.WebSocketSignaller;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadDirection;
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.PadProbeType;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;

/**
 * A remote viewer as a browser would be one: the default signaller in the consumer role talking to a real signalling
 * server, and a plain webrtcbin that answers webrtcsink's offer, decodes and counts what it receives (pad probes:
 * test code only). Loopback only, no STUN.
 */
final class SignallingConsumer implements AutoCloseable {
    static final String OPUS_RECV = "application/x-rtp, media=(string)audio, encoding-name=(string)OPUS, clock-rate=(int)48000";

    private final GstWebRtcBinDriver driver = new GstWebRtcBinDriver();
    private final WebSocketSignaller signaller = new WebSocketSignaller(Role.CONSUMER);
    private final Pipeline pipeline;
    private final Element webrtcbin;
    private final ExecutorService worker;
    final AtomicLong videoFrames = new AtomicLong();
    final AtomicLong audioBuffers = new AtomicLong();
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
        pipeline = new Pipeline("consumer-" + name);
        webrtcbin = ElementFactory.make("webrtcbin", "recv");
        webrtcbin.setAsString("bundle-policy", "max-bundle");
        pipeline.add(webrtcbin);
        driver.prepare(webrtcbin);
        // webrtcbin 1.22 answers with what its transceivers prefer: pre-create recvonly ones
        try (WebRtcBin bin = WebRtcBin.of(webrtcbin)) {
            if (videoCodec != null) {
                String caps = "application/x-rtp, media=(string)video, encoding-name=(string)" + videoCodec
                        + ", clock-rate=(int)90000" + ("H264".equals(videoCodec) ? ", packetization-mode=(string)1" : "");
                GObjectLib.LIB.g_object_unref(bin.addTransceiver(TransceiverDirection.RECVONLY, caps));
            }
            if (audio) {
                GObjectLib.LIB.g_object_unref(bin.addTransceiver(TransceiverDirection.RECVONLY, OPUS_RECV));
            }
        }
        driver.onIceCandidate(webrtcbin, (mline, candidate) -> {
            String sid = sessionId;
            if (sid != null) {
                signaller.sendIceCandidate(sid, IceCandidate.of(candidate, mline));
            }
        });
        webrtcbin.connect((Element.PAD_ADDED) (element, pad) -> decode(pad));
        pipeline.play();
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
            worker.execute(() -> {
                if (!candidate.isEndOfCandidates()) {
                    driver.addIceCandidate(webrtcbin, candidate);
                }
            });
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
            driver.setRemoteDescription(webrtcbin, offerDescription);
            SessionDescription answer = SessionDescription.answer(driver.createAnswer(webrtcbin));
            driver.setLocalDescription(webrtcbin, answer);
            signaller.sendSessionDescription(sid, answer);
            answered.countDown();
        } catch (RuntimeException e) {
            failure = "consumer failed: " + e;
        }
    }

    private void decode(Pad pad) {
        if (pad.getDirection() != PadDirection.SRC) {
            return;
        }
        Element decodebin = ElementFactory.make("decodebin", null);
        decodebin.connect((Element.PAD_ADDED) (d, decodedPad) -> {
            boolean video = decodedPad.getCurrentCaps().getStructure(0).getName().startsWith("video/");
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
        pipeline.setState(State.NULL);
        // drop the Java references now instead of whenever GC runs: webrtcbin keeps its ICE sockets until finalized
        webrtcbin.dispose();
        pipeline.dispose();
    }

}
