package dev.webrtcsink.engine.testing;

import dev.webrtcsink.api.IceCandidate;
import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.engine.gst.TransceiverDirection;
import dev.webrtcsink.engine.gst.WebRtcBin;
import dev.webrtcsink.engine.natives.GObjectLib;
import dev.webrtcsink.engine.sink.WebRtcBinDriver;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadDirection;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;

/**
 * The media half of a test viewer: a plain webrtcbin in its own pipeline that answers an offer, decodes every stream
 * it receives ({@code decodebin}) and counts decoded video frames and audio buffers at fakesinks. How offers, answers
 * and candidates travel is up to the caller. Loopback only, no STUN.
 */
public final class ReceivingWebRtcBin {
    /** RTP caps of a recvonly Opus transceiver. */
    public static final String OPUS_RECEIVE_CAPS =
            "application/x-rtp, media=(string)audio, encoding-name=(string)OPUS, clock-rate=(int)48000";
    public final AtomicLong videoFrames = new AtomicLong();
    public final AtomicLong audioBuffers = new AtomicLong();
    private final WebRtcBinDriver driver;
    private final Pipeline pipeline;
    private final Element webrtcbin;

    /**
     * @param receiveCaps     RTP caps of the recvonly transceivers, one per m-line, in offer order
     * @param localCandidates gets the candidates webrtcbin gathers, for the remote peer (webrtcbin's thread)
     */
    public ReceivingWebRtcBin(String pipelineName, String webrtcbinName, WebRtcBinDriver driver,
            List<String> receiveCaps, WebRtcBinDriver.IceCandidateListener localCandidates) {
        this.driver = driver;
        pipeline = new Pipeline(pipelineName);
        webrtcbin = ElementFactory.make("webrtcbin", webrtcbinName);
        webrtcbin.setAsString("bundle-policy", "max-bundle");
        pipeline.add(webrtcbin);
        driver.prepare(webrtcbin);
        // webrtcbin 1.22 answers with what its transceivers prefer: pre-create recvonly ones
        try (WebRtcBin bin = WebRtcBin.of(webrtcbin)) {
            for (String caps : receiveCaps) {
                GObjectLib.LIB.g_object_unref(bin.addTransceiver(TransceiverDirection.RECVONLY, caps));
            }
        }
        driver.onIceCandidate(webrtcbin, localCandidates);
        webrtcbin.connect((Element.PAD_ADDED) (element, pad) -> decode(pad));
    }

    /** RTP caps of a recvonly video transceiver for an SDP encoding name such as VP8 or H264. */
    public static String videoReceiveCaps(String encodingName) {
        return "application/x-rtp, media=(string)video, encoding-name=(string)" + encodingName + ", clock-rate=(int)90000"
                + ("H264".equals(encodingName) ? ", packetization-mode=(string)1" : "");
    }

    public void play() {
        pipeline.play();
    }

    /** Applies the remote offer and returns our answer, already set as local description. Blocks. */
    public SessionDescription answer(SessionDescription offer) {
        driver.setRemoteDescription(webrtcbin, offer);
        SessionDescription answer = SessionDescription.answer(driver.createAnswer(webrtcbin));
        driver.setLocalDescription(webrtcbin, answer);
        return answer;
    }

    /** Adds a remote candidate; the end-of-candidates marker needs nothing. */
    public void addRemoteCandidate(IceCandidate candidate) {
        if (!candidate.isEndOfCandidates()) {
            driver.addIceCandidate(webrtcbin, candidate);
        }
    }

    /** Stops the pipeline (state NULL). */
    public void stop() {
        pipeline.setState(State.NULL);
    }

    /** Drops the Java references now instead of whenever GC runs: webrtcbin keeps its ICE sockets until finalized. */
    public void dispose() {
        webrtcbin.dispose();
        pipeline.dispose();
    }

    /** webrtcbin src pad -> decodebin -> per decoded stream {@code queue ! fakesink}, counted. */
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
            FrameCounter.install(sinkBin.getElementByName("count").getStaticPad("sink"),
                    video ? videoFrames : audioBuffers);
            decodedPad.link(sinkBin.getStaticPad("sink"));
        });
        pipeline.add(decodebin);
        decodebin.syncStateWithParent();
        pad.link(decodebin.getStaticPad("sink"));
    }
}
