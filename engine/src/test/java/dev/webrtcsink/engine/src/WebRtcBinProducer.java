package dev.webrtcsink.engine.src;

import dev.webrtcsink.api.IceCandidate;
import dev.webrtcsink.api.Role;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.api.SignallerException;
import dev.webrtcsink.api.SignallerListener;
import dev.webrtcsink.engine.gst.SdpType;
import dev.webrtcsink.engine.gst.WebRtcBin;
import dev.webrtcsink.engine.testing.HandBuiltPeers;
import dev.webrtcsink.signaller.websocket.WebSocketSignaller;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.freedesktop.gstreamer.BufferFlags;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.PadProbeType;
import org.freedesktop.gstreamer.Pipeline;

/**
 * A producer made by hand, without webrtcsink: {@code videotestsrc ! vp8enc ! rtpvp8pay} and
 * {@code audiotestsrc ! opusenc ! rtpopuspay} into a plain webrtcbin, registered with the signalling server through
 * the default signaller in the producer role. It offers to the first consumer that asks (one session at a time).
 * Loopback only, no STUN.
 */
final class WebRtcBinProducer implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Pipeline pipeline;
    private final Element webrtcbinElement;
    private final WebRtcBin webrtcbin;
    private final WebSocketSignaller signaller = new WebSocketSignaller(Role.PRODUCER);
    private final ExecutorService worker;
    final CountDownLatch answered = new CountDownLatch(1);
    final CountDownLatch ended = new CountDownLatch(1);
    volatile String sessionId;
    volatile String failure;
    /** Send this text as the offer instead of a real one. */
    volatile String garbageOffer;
    private boolean closed;

    /** VP8 with a key frame every second. */
    static final String VP8 = "vp8enc deadline=1 keyframe-max-dist=30 ! rtpvp8pay pt=96 "
            + "! application/x-rtp,media=video,encoding-name=VP8,payload=96,clock-rate=90000";
    /**
     * H264 whose only key frames are those a consumer asks for: no periodic ones, and the leading ones (made before
     * anyone asked) are dropped by a probe on the element named {@code venc}.
     */
    static final String H264_KEY_FRAMES_ON_REQUEST = "x264enc name=venc tune=zerolatency speed-preset=ultrafast "
            + "key-int-max=1000000 ! video/x-h264,profile=constrained-baseline ! rtph264pay pt=96 config-interval=-1 "
            + "aggregate-mode=zero-latency ! application/x-rtp,media=video,encoding-name=H264,payload=96,clock-rate=90000";

    WebRtcBinProducer(String uri, boolean audio) {
        this(uri, audio, VP8);
    }

    /** @param video encoder ! payloader ! RTP caps, ending before webrtcbin */
    WebRtcBinProducer(String uri, boolean audio, String video) {
        ThreadGroup group = Thread.currentThread().getThreadGroup(); // not the signaller's group (see SignallingConsumer)
        worker = Executors.newSingleThreadExecutor(r -> new Thread(group, r, "test-producer"));
        pipeline = (Pipeline) Gst.parseLaunch("webrtcbin name=send bundle-policy=max-bundle "
                + "videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=30/1 "
                + "! " + video + " ! send. "
                + (audio ? "audiotestsrc is-live=true wave=ticks ! audio/x-raw,rate=48000,channels=2 ! opusenc "
                + "! rtpopuspay pt=97 ! application/x-rtp,media=audio,encoding-name=OPUS,payload=97,clock-rate=48000 "
                + "! send." : ""));
        webrtcbinElement = pipeline.getElementByName("send");
        webrtcbin = WebRtcBin.of(webrtcbinElement);
        webrtcbin.disableUpnp();
        webrtcbin.set("stun-server", null);
        webrtcbin.onIceCandidate((mline, candidate) -> {
            String sid = sessionId;
            if (sid != null) {
                signaller.sendIceCandidate(sid, IceCandidate.of(candidate, mline));
            }
        });
        Element encoder = pipeline.getElementByName("venc");
        if (encoder != null) {
            dropLeadingKeyFrames(encoder.getStaticPad("src"));
        }
        pipeline.play();
        signaller.set("uri", uri);
        signaller.start(new Events());
    }

    /** Drops buffers until the first delta frame: what a consumer sees when the first key frame was lost. */
    private static void dropLeadingKeyFrames(Pad pad) {
        AtomicBoolean passing = new AtomicBoolean();
        pad.addProbe(PadProbeType.BUFFER, (p, info) -> {
            if (passing.get() || info.getBuffer().getFlags().contains(BufferFlags.DELTA_UNIT)) {
                passing.set(true);
                return PadProbeReturn.OK;
            }
            return PadProbeReturn.DROP;
        });
    }

    /** Waits until the server gave us our peer id. */
    String awaitPeerId() throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Object id = signaller.get("client-id");
            if (id != null) {
                return id.toString();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("producer not registered within " + TIMEOUT + ": " + signaller.dump());
    }

    private final class Events implements SignallerListener {
        @Override
        public void sessionRequested(String sid, String peerId, SessionDescription offer) {
            sessionId = sid;
            worker.execute(() -> offer(sid));
        }

        @Override
        public void sessionDescription(String sid, SessionDescription answer) {
            worker.execute(() -> {
                try {
                    webrtcbin.setRemoteDescription(SdpType.ANSWER, answer.sdp(), TIMEOUT);
                    answered.countDown();
                } catch (Exception e) {
                    failure = "producer: answer refused: " + e;
                }
            });
        }

        @Override
        public void iceCandidate(String sid, IceCandidate candidate) {
            worker.execute(() -> {
                if (!candidate.isEndOfCandidates()) {
                    webrtcbin.addIceCandidate(candidate.sdpMLineIndex(), candidate.candidate());
                }
            });
        }

        @Override
        public void sessionEnded(String sid, String error) {
            ended.countDown();
        }

        @Override
        public void error(SignallerException error) {
            failure = "producer signaller: " + error.getMessage();
        }
    }

    private void offer(String sid) {
        try {
            if (garbageOffer != null) {
                signaller.sendSessionDescription(sid, SessionDescription.offer(garbageOffer));
                return;
            }
            String offer = webrtcbin.createOffer(TIMEOUT);
            webrtcbin.setLocalDescription(SdpType.OFFER, offer, TIMEOUT);
            // no H264 parameter sets in the SDP (webrtcsink sends none either): the consumer needs a key frame
            // (with SPS/PPS in band) before it can decode anything
            String sent = offer.replaceAll(";?sprop-parameter-sets=[^;\r\n]*", "");
            signaller.sendSessionDescription(sid, SessionDescription.offer(sent));
        } catch (Exception e) {
            failure = "producer: offer failed: " + e;
        }
    }

    /** Disappears as a crashed producer would: the signalling connection drops, media stops. */
    void vanish() {
        close();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        HandBuiltPeers.close(signaller, worker, pipeline, webrtcbin, webrtcbinElement);
    }

    @Override
    public String toString() {
        return "producer session " + sessionId + (failure == null ? "" : ", failure " + failure);
    }
}
