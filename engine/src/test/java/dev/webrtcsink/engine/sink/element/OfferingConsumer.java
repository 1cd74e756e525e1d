package dev.webrtcsink.engine.sink.element;

import com.sun.jna.Pointer;
import dev.webrtcsink.api.IceCandidate;
import dev.webrtcsink.api.Role;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.api.Signaller;
import dev.webrtcsink.api.SignallerException;
import dev.webrtcsink.api.SignallerListener;
import dev.webrtcsink.engine.gst.SdpType;
import dev.webrtcsink.engine.gst.TransceiverDirection;
import dev.webrtcsink.engine.gst.WebRtcBin;
import dev.webrtcsink.engine.natives.GObjectLib;
import dev.webrtcsink.engine.natives.ObjectProperties;
import dev.webrtcsink.engine.testing.DirectSignalling;
import dev.webrtcsink.engine.testing.HandBuiltPeers;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadDirection;
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.PadProbeType;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.glib.Natives;

/**
 * A consumer that offers to webrtcsink (consumer-offer mode, through the in-process {@code direct} signaller as a
 * WHEP client would): a plain webrtcbin with a receive-only VP8 m-line and, when {@code sendVideo}, a second video
 * m-line sending VP8 of its own (payload type 97), which a webrtcsink with one video input has no input for.
 * {@link #offerToProducer} rewrites the offer webrtcsink gets; this webrtcbin keeps its own. Counts decoded frames and
 * the packets it sends (test probes). Loopback only, no STUN.
 */
final class OfferingConsumer implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final String VP8_RECV = "application/x-rtp, media=(string)video, encoding-name=(string)VP8, "
            + "payload=(int)96, clock-rate=(int)90000";
    static final String VP8_SEND = "application/x-rtp, media=(string)video, encoding-name=(string)VP8, "
            + "payload=(int)97, clock-rate=(int)90000";

    private final Signaller signaller = new DirectSignalling().create(Role.CONSUMER);
    private final Pipeline pipeline;
    private final Element webrtcbinElement;
    private final WebRtcBin webrtcbin;
    private final ExecutorService worker;
    final AtomicLong videoFrames = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    /** Pads with our probes: gst1-java-core keeps a probe's callback on the pad's Java wrapper, so keep them. */
    private final List<Pad> probed = new CopyOnWriteArrayList<>();
    volatile UnaryOperator<String> offerToProducer = UnaryOperator.identity();
    /** Rewrites webrtcsink's answer before this webrtcbin applies it (to undo what {@link #offerToProducer} added). */
    volatile UnaryOperator<String> answerForUs = UnaryOperator.identity();
    volatile String sessionId;
    volatile String offerSent;
    volatile String answer;
    volatile String endError;
    volatile String failure;
    private boolean closed;

    OfferingConsumer(String name, String channel, boolean sendVideo) {
        ThreadGroup group = Thread.currentThread().getThreadGroup();
        worker = Executors.newSingleThreadExecutor(r -> new Thread(group, r, "offering-consumer-" + name));
        pipeline = new Pipeline("offering-consumer-" + name);
        webrtcbinElement = ElementFactory.make("webrtcbin", "offerer");
        webrtcbinElement.setAsString("bundle-policy", "max-bundle");
        pipeline.add(webrtcbinElement);
        webrtcbin = WebRtcBin.of(webrtcbinElement);
        webrtcbin.disableUpnp();
        webrtcbin.set("stun-server", null);
        GObjectLib.LIB.g_object_unref(webrtcbin.addTransceiver(TransceiverDirection.RECVONLY, VP8_RECV));
        if (sendVideo) {
            addVideoSender();
        }
        webrtcbin.onIceCandidate((mline, candidate) -> {
            String sid = sessionId;
            if (sid != null) {
                signaller.sendIceCandidate(sid, IceCandidate.of(candidate, mline));
            }
        });
        webrtcbinElement.connect((Element.PAD_ADDED) (element, pad) -> decode(pad));
        pipeline.play();
        signaller.set(DirectSignalling.CHANNEL, channel);
        signaller.start(new Events());
    }

    private void addVideoSender() {
        Bin bin = Gst.parseBinFromDescription("videotestsrc is-live=true ! video/x-raw,width=160,height=120,"
                + "framerate=15/1 ! vp8enc deadline=1 ! rtpvp8pay pt=97 name=pay ! capsfilter caps=\"" + VP8_SEND
                + "\"", true);
        Pad paySrc = bin.getElementByName("pay").getStaticPad("src");
        probed.add(paySrc);
        // rtpvp8pay pushes buffer lists: count those too (one per list)
        paySrc.addProbe(EnumSet.of(PadProbeType.BUFFER, PadProbeType.BUFFER_LIST), (p, info) -> {
            sent.incrementAndGet();
            return PadProbeReturn.OK;
        });
        pipeline.add(bin);
        Pad sink = webrtcbinElement.getRequestPad("sink_1");
        Pointer transceiver = ObjectProperties.getObject(Natives.getRawPointer(sink), "transceiver");
        try {
            ObjectProperties.set(transceiver, "direction", "sendonly");
            ObjectProperties.set(transceiver, "codec-preferences", VP8_SEND);
        } finally {
            GObjectLib.LIB.g_object_unref(transceiver);
        }
        bin.getStaticPad("src").link(sink);
    }

    private final class Events implements SignallerListener {
        @Override
        public void sessionRequested(String sid, String peerId, SessionDescription offer) {
            sessionId = sid;
            worker.execute(() -> {
                try {
                    String real = webrtcbin.createOffer(TIMEOUT);
                    webrtcbin.setLocalDescription(SdpType.OFFER, real, TIMEOUT);
                    offerSent = offerToProducer.apply(real);
                    signaller.sendSessionDescription(sid, SessionDescription.offer(offerSent));
                } catch (Exception | AssertionError e) {
                    failure = "offer failed: " + e;
                }
            });
        }

        @Override
        public void sessionDescription(String sid, SessionDescription description) {
            answer = description.sdp();
            worker.execute(() -> {
                try {
                    webrtcbin.setRemoteDescription(SdpType.ANSWER, answerForUs.apply(description.sdp()), TIMEOUT);
                } catch (Exception | AssertionError e) {
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
        public void sessionEnded(String sid, String error) {
            endError = error == null ? "(no error)" : error;
        }

        @Override
        public void error(SignallerException error) {
            failure = "signaller: " + error.getMessage();
        }
    }

    private void decode(Pad pad) {
        if (pad.getDirection() != PadDirection.SRC) {
            return;
        }
        Bin decode = Gst.parseBinFromDescription("rtpvp8depay ! vp8dec ! fakesink sync=false name=count", true);
        Pad countSink = decode.getElementByName("count").getStaticPad("sink");
        probed.add(countSink);
        countSink.addProbe(PadProbeType.BUFFER, (p, info) -> {
            videoFrames.incrementAndGet();
            return PadProbeReturn.OK;
        });
        pipeline.add(decode);
        decode.syncStateWithParent();
        pad.link(decode.getStaticPad("sink"));
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
        return "offering consumer, session " + sessionId + ": video received " + videoFrames.get() + ", packets sent "
                + sent.get() + (failure == null ? "" : ", failure " + failure)
                + (endError == null ? "" : ", ended: " + endError) + "\noffer sent:\n" + offerSent + "\nanswer:\n"
                + answer;
    }
}
