package dev.webrtcsink.engine.sink.element;

import com.sun.jna.Pointer;
import dev.webrtcsink.api.IceCandidate;
import dev.webrtcsink.api.Role;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.api.SignallerException;
import dev.webrtcsink.api.SignallerListener;
import dev.webrtcsink.engine.gst.SdpType;
import dev.webrtcsink.engine.gst.WebRtcBin;
import dev.webrtcsink.engine.natives.GObjectLib;
import dev.webrtcsink.engine.natives.ObjectProperties;
import dev.webrtcsink.engine.sink.SdpMedia;
import dev.webrtcsink.engine.testing.HandBuiltPeers;
import dev.webrtcsink.signaller.websocket.WebSocketSignaller;
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
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.PadProbeType;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.glib.Natives;

/**
 * A hostile viewer of webrtcsink: a plain webrtcbin (default signaller in the consumer role, real signalling server)
 * that applies webrtcsink's sendonly offer as if it were sendrecv, so its own answer is sendrecv and it
 * <em>sends</em> VP8 and Opus back on the payload types webrtcsink offered; what webrtcsink gets as the answer is
 * {@link #answerToProducer} of that. It still decodes what it receives. Counts what its payloaders produce (test
 * probes). Loopback only, no STUN.
 */
final class SendingConsumer implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final WebSocketSignaller signaller = new WebSocketSignaller(Role.CONSUMER);
    private final Pipeline pipeline;
    private final Element webrtcbinElement;
    private final WebRtcBin webrtcbin;
    private final ExecutorService worker;
    final AtomicLong videoFrames = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    /** Pads with our probes: gst1-java-core keeps a probe's callback on the pad's Java wrapper, so keep them. */
    private final List<Pad> probed = new CopyOnWriteArrayList<>();
    volatile UnaryOperator<String> answerToProducer = UnaryOperator.identity();
    volatile String sessionId;
    volatile String answerSent;
    volatile String endError;
    volatile String failure;
    private boolean closed;

    SendingConsumer(String name, String uri, String producerId) {
        ThreadGroup group = Thread.currentThread().getThreadGroup(); // see SignallingConsumer
        worker = Executors.newSingleThreadExecutor(r -> new Thread(group, r, "sending-consumer-" + name));
        pipeline = new Pipeline("sending-consumer-" + name);
        webrtcbinElement = ElementFactory.make("webrtcbin", "recv");
        webrtcbinElement.setAsString("bundle-policy", "max-bundle");
        pipeline.add(webrtcbinElement);
        webrtcbin = WebRtcBin.of(webrtcbinElement);
        webrtcbin.disableUpnp();
        webrtcbin.set("stun-server", null);
        webrtcbin.onIceCandidate((mline, candidate) -> {
            String sid = sessionId;
            if (sid != null) {
                signaller.sendIceCandidate(sid, IceCandidate.of(candidate, mline));
            }
        });
        webrtcbinElement.connect((Element.PAD_ADDED) (element, pad) -> decode(pad));
        pipeline.play();
        signaller.set("uri", uri);
        signaller.set("producer-peer-id", producerId);
        signaller.start(new Events());
    }

    private final class Events implements SignallerListener {
        @Override
        public void sessionStarted(String sid, String peerId) {
            sessionId = sid;
        }

        @Override
        public void sessionDescription(String sid, SessionDescription offer) {
            worker.execute(() -> answer(sid, offer.sdp()));
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

    /** Sends media on every offered m-line (its first payload type), answers sendrecv locally. */
    private void answer(String sid, String offer) {
        try {
            List<SdpMedia> medias = SdpMedia.parse(offer);
            for (SdpMedia m : medias) {
                addSender(m);
            }
            webrtcbin.setRemoteDescription(SdpType.OFFER, offer.replace("a=sendonly", "a=sendrecv"), TIMEOUT);
            String answer = webrtcbin.createAnswer(TIMEOUT);
            webrtcbin.setLocalDescription(SdpType.ANSWER, answer, TIMEOUT);
            answerSent = answerToProducer.apply(answer);
            signaller.sendSessionDescription(sid, SessionDescription.answer(answerSent));
        } catch (Exception | AssertionError e) {
            failure = "answer failed: " + e;
        }
    }

    /** A live source, encoder and payloader into a sendrecv transceiver for m-line {@code m}. */
    private void addSender(SdpMedia m) {
        int pt = m.firstFormat().orElseThrow();
        String codec = m.rtpMaps().get(pt).encodingName().toUpperCase();
        String caps = "application/x-rtp, media=(string)" + m.media() + ", encoding-name=(string)" + codec
                + ", payload=(int)" + pt + ", clock-rate=(int)" + m.rtpMaps().get(pt).clockRate();
        String branch = switch (codec) {
            case "VP8" -> "videotestsrc is-live=true ! video/x-raw,width=160,height=120,framerate=15/1 "
                    + "! vp8enc deadline=1 ! rtpvp8pay";
            case "OPUS" -> "audiotestsrc is-live=true ! audio/x-raw,rate=48000,channels=2 ! opusenc ! rtpopuspay";
            default -> throw new AssertionError("no sender for " + codec);
        };
        Bin bin = Gst.parseBinFromDescription(branch + " pt=" + pt + " name=pay ! capsfilter caps=\"" + caps + "\"", true);
        Pad paySrc = bin.getElementByName("pay").getStaticPad("src");
        probed.add(paySrc);
        // rtpvp8pay pushes buffer lists: count those too (one per list)
        paySrc.addProbe(EnumSet.of(PadProbeType.BUFFER, PadProbeType.BUFFER_LIST), (p, info) -> {
            sent.incrementAndGet();
            return PadProbeReturn.OK;
        });
        pipeline.add(bin);
        Pad sink = webrtcbinElement.getRequestPad("sink_" + m.index());
        Pointer transceiver = ObjectProperties.getObject(Natives.getRawPointer(sink), "transceiver");
        try {
            ObjectProperties.set(transceiver, "direction", "sendrecv");
            ObjectProperties.set(transceiver, "codec-preferences", caps);
        } finally {
            GObjectLib.LIB.g_object_unref(transceiver);
        }
        bin.getStaticPad("src").link(sink);
        bin.syncStateWithParent();
    }

    private void decode(Pad pad) {
        if (pad.getDirection() != org.freedesktop.gstreamer.PadDirection.SRC) {
            return;
        }
        Element decodebin = ElementFactory.make("decodebin", null);
        decodebin.connect((Element.PAD_ADDED) (d, decodedPad) -> {
            boolean video = decodedPad.getCurrentCaps().getStructure(0).getName().startsWith("video/");
            Bin sinkBin = Gst.parseBinFromDescription("queue ! fakesink sync=false name=count", true);
            pipeline.add(sinkBin);
            sinkBin.syncStateWithParent();
            if (video) {
                Pad countSink = sinkBin.getElementByName("count").getStaticPad("sink");
                probed.add(countSink);
                countSink.addProbe(PadProbeType.BUFFER, (p, info) -> {
                    videoFrames.incrementAndGet();
                    return PadProbeReturn.OK;
                });
            }
            decodedPad.link(sinkBin.getStaticPad("sink"));
        });
        pipeline.add(decodebin);
        decodebin.syncStateWithParent();
        pad.link(decodebin.getStaticPad("sink"));
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
        return "sending consumer, session " + sessionId + ": video received " + videoFrames.get() + ", packets sent "
                + sent.get() + (failure == null ? "" : ", failure " + failure)
                + (endError == null ? "" : ", ended: " + endError) + "\nanswer sent:\n" + answerSent;
    }
}
