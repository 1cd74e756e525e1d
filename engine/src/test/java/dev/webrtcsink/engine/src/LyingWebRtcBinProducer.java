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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.PadProbeType;
import org.freedesktop.gstreamer.Pipeline;

/**
 * A hostile producer: a plain webrtcbin sending VP8 and Opus (through the real signalling server, default signaller
 * in the producer role) that tells the consumer something else than what it does. {@link #offerToConsumer} rewrites
 * the offer the consumer gets, {@link #answerForUs} the consumer's answer before this webrtcbin applies it, so it can
 * go on sending what the consumer refused. Counts the audio packets it sends (test probe). Loopback only, no STUN.
 */
final class LyingWebRtcBinProducer implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Pipeline pipeline;
    private final Element webrtcbinElement;
    private final WebRtcBin webrtcbin;
    private final WebSocketSignaller signaller = new WebSocketSignaller(Role.PRODUCER);
    private final ExecutorService worker;
    final AtomicLong audioSent = new AtomicLong();
    /** The probed pad: gst1-java-core keeps a probe's callback on the pad's Java wrapper, so keep it. */
    private final org.freedesktop.gstreamer.Pad probed;
    volatile UnaryOperator<String> offerToConsumer = UnaryOperator.identity();
    volatile UnaryOperator<String> answerForUs = UnaryOperator.identity();
    volatile String sessionId;
    volatile String answerReceived;
    volatile String failure;
    private boolean closed;

    LyingWebRtcBinProducer(String uri) {
        ThreadGroup group = Thread.currentThread().getThreadGroup();
        worker = Executors.newSingleThreadExecutor(r -> new Thread(group, r, "lying-producer"));
        pipeline = (Pipeline) Gst.parseLaunch("webrtcbin name=send bundle-policy=max-bundle "
                + "videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=30/1 "
                + "! vp8enc deadline=1 keyframe-max-dist=30 ! rtpvp8pay pt=96 "
                + "! application/x-rtp,media=video,encoding-name=VP8,payload=96,clock-rate=90000 ! send. "
                + "audiotestsrc is-live=true wave=ticks ! audio/x-raw,rate=48000,channels=2 ! opusenc "
                + "! rtpopuspay pt=97 name=apay "
                + "! application/x-rtp,media=audio,encoding-name=OPUS,payload=97,clock-rate=48000 ! send.");
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
        // what leaves the payloader reaches webrtcbin's audio sink pad, which sends it once negotiated
        probed = pipeline.getElementByName("apay").getStaticPad("src");
        probed.addProbe(PadProbeType.BUFFER, (p, info) -> {
            audioSent.incrementAndGet();
            return PadProbeReturn.OK;
        });
        pipeline.play();
        signaller.set("uri", uri);
        signaller.start(new Events());
    }

    String awaitPeerId() throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Object id = signaller.get("client-id");
            if (id != null) {
                return id.toString();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("producer not registered within " + TIMEOUT);
    }

    private final class Events implements SignallerListener {
        @Override
        public void sessionRequested(String sid, String peerId, SessionDescription offer) {
            sessionId = sid;
            worker.execute(() -> {
                try {
                    String real = webrtcbin.createOffer(TIMEOUT);
                    webrtcbin.setLocalDescription(SdpType.OFFER, real, TIMEOUT);
                    signaller.sendSessionDescription(sid, SessionDescription.offer(offerToConsumer.apply(real)));
                } catch (Exception e) {
                    failure = "offer failed: " + e;
                }
            });
        }

        @Override
        public void sessionDescription(String sid, SessionDescription answer) {
            answerReceived = answer.sdp();
            worker.execute(() -> {
                try {
                    webrtcbin.setRemoteDescription(SdpType.ANSWER, answerForUs.apply(answer.sdp()), TIMEOUT);
                } catch (Exception e) {
                    failure = "answer refused: " + e;
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
        public void error(SignallerException error) {
            failure = "signaller: " + error.getMessage();
        }
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
        return "lying producer, session " + sessionId + ", audio sent " + audioSent.get()
                + (failure == null ? "" : ", failure " + failure) + "\nanswer received:\n" + answerReceived;
    }
}
