package dev.webrtcsink.engine.src;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.engine.gst.IgnoredPayloadTypes;
import dev.webrtcsink.engine.sink.SdpMedia;
import dev.webrtcsink.engine.src.SrcTestSupport.Consumer;
import dev.webrtcsink.engine.testing.DirectSignalling;
import dev.webrtcsink.engine.testing.GstTesting;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Buffer;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.PadProbeType;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.glib.Natives;
import dev.webrtcsink.server.SignallingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A producer that refuses an m-line in its answer and sends media for it anyway (consumer-offer mode, spec §6).
 * Before {@link IgnoredPayloadTypes} / {@link RefusedMedia}, the first such packet killed the JVM: webrtcbin 1.22
 * dereferences NULL in on_rtpbin_pad_added (gstwebrtcbin.c:7246) when a stream shows up for an m-line that has no
 * transceiver. The producer is a real webrtcsink ({@code directwebrtcsink}) sending video and audio; the channel
 * rewrites its answer on the way to webrtcsrc, so webrtcsink goes on sending what the consumer was told it refused.
 * Each test asserts the refused media really reached the consumer's webrtcbin (counted on the RTP demuxers, test
 * probes) while video keeps decoding. Loopback only, no STUN server.
 */
class WebRTCSrcHostileProducerTest {
    private static final String VIDEO_ONLY = "src. ! queue ! videoconvert ! fakesink name=video sync=false";
    private static final Pattern SSRC_LINE = Pattern.compile("a=ssrc(-group)?:[^\\r\\n]*\\r?\\n");

    private static SignallingServer server;
    /** Pads with test probes: gst1-java-core keeps a probe's callback on the pad's Java wrapper, so keep them. */
    private static final List<Pad> PROBED = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> cleanup = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void init() {
        SrcTestSupport.init();
        server = SrcTestSupport.startServer();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
        PROBED.clear();
    }

    /** webrtcsink with VP8 and Opus on a fresh channel whose answers are rewritten. */
    private Consumer session(UnaryOperator<SessionDescription> rewrite) {
        String channelName = "hostile-" + UUID.randomUUID();
        DirectSignalling.channel(channelName).rewriteAnswers(rewrite);
        Pipeline producer = (Pipeline) Gst.parseLaunch("videotestsrc is-live=true pattern=ball "
                + "! video/x-raw,width=320,height=240,framerate=30/1 ! directwebrtcsink name=ws stun-server=\"\" "
                + "video-caps=video/x-vp8 audio-caps=audio/x-opus signaller::channel=" + channelName
                + " audiotestsrc is-live=true wave=ticks ! ws.");
        cleanup.add(() -> {
            producer.setState(State.NULL);
            producer.dispose();
        });
        producer.play();
        Consumer c = new Consumer("directwebrtcsrc name=src signaller::channel=" + channelName + " stun-server=\"\" "
                + VIDEO_ONLY);
        cleanup.add(c);
        return c.play();
    }

    @Test
    void audioRefusedWithPortZeroButStillSentIsDroppedAndVideoGoesOn() throws Exception {
        Consumer c = session(answer -> refuseAudio(answer, false));
        assertVideoFlowsWhileRefusedAudioArrives(c);
    }

    @Test
    void audioRefusedWithPortZeroInsideTheBundleIsRefusedToo() throws Exception {
        // port 0 but still listed in BUNDLE: webrtcbin 1.22 sets up no port-0 m-line of an answer, bundled or not
        Consumer c = session(answer -> refuseAudio(answer, true));
        assertVideoFlowsWhileRefusedAudioArrives(c);
    }

    @Test
    void theVideoSsrcAnnouncedUnderTheRefusedAudioMlineStillReachesVideo0() throws Exception {
        // the answer lists the video stream's SSRC under the refused audio m-line: webrtcbin would map the video
        // (a payload type we take) to m-line 1, which has no transceiver; its SSRC lines are dropped instead
        Consumer c = session(answer -> {
            String sdp = answer.sdp();
            int audioStart = sdp.indexOf("m=audio");
            String video = sdp.substring(0, audioStart);
            String audio = sdp.substring(audioStart);
            StringBuilder videoSsrcs = new StringBuilder();
            Matcher m = SSRC_LINE.matcher(video);
            while (m.find()) {
                videoSsrcs.append(m.group());
            }
            assertTrue(videoSsrcs.length() > 0, "webrtcsink announces its video SSRC\n" + sdp);
            audio = SSRC_LINE.matcher(audio).replaceAll("");
            audio = audio.replaceFirst("(a=mid:[^\\r\\n]*\\r?\\n)", "$1" + Matcher.quoteReplacement(videoSsrcs.toString()));
            return refuseAudio(SessionDescription.answer(SSRC_LINE.matcher(video).replaceAll("") + audio), false);
        });
        c.assertReceives(31, 0, c);
        assertEquals(List.of("video_0"), padNames(c), c.toString());
    }

    @Test
    void aBundleGroupLedByTheRefusedAudioMlineDoesNotSteerUnannouncedVideoToIt() throws Exception {
        // the refused audio m-line tags the BUNDLE group and the video SSRC is not announced: webrtcbin took the
        // refused m-line as the bundle transport (ICE failed, no video; a stream reaching it would map to an m-line
        // without transceiver); dead mids now leave the group before webrtcbin sees the answer
        Consumer c = session(answer -> {
            String sdp = refuseAudio(answer, false).sdp();
            List<SdpMedia> media = SdpMedia.parse(sdp);
            sdp = sdp.replaceFirst("a=group:BUNDLE [^\\r\\n]*", "a=group:BUNDLE " + media.get(1).mid() + " "
                    + media.get(0).mid());
            int audioStart = sdp.indexOf("m=audio");
            return SessionDescription.answer(SSRC_LINE.matcher(sdp.substring(0, audioStart)).replaceAll("")
                    + sdp.substring(audioStart));
        });
        assertVideoFlowsWhileRefusedAudioArrives(c);
    }

    @Test
    void anAnsweredPayloadTypeTheProducerDoesNotUseIsHarmless() throws Exception {
        // the answer says Opus is 111 (never offered) while webrtcsink sends the negotiated one: RTP with a payload
        // type the applied answer does not map is dropped by the jitter buffer, video goes on
        Consumer c = session(answer -> {
            SdpMedia audio = SdpMedia.parse(answer.sdp()).get(1);
            int pt = audio.firstFormat().orElseThrow();
            return SessionDescription.answer(answer.sdp().replaceAll("(m=audio \\d+ [A-Z/]+ )" + pt + "\\b", "$1111")
                    .replaceAll("a=(rtpmap|fmtp|rtcp-fb):" + pt + " ", "a=$1:111 "));
        });
        c.assertReceives(31, 0, c);
        assertTrue(c.errors.isEmpty(), c.toString());
    }

    @Test
    void aProducerOfferingAudioRecvonlyButSendingItIsDroppedAndVideoGoesOn() throws Exception {
        // the producer offers (webrtcsrc answers): its offer calls the audio m-line recvonly, webrtcbin refuses it
        // (port 0), and the producer applies our answer as if audio were accepted, so it sends audio regardless
        String uri = "ws://127.0.0.1:" + server.port();
        LyingWebRtcBinProducer producer = new LyingWebRtcBinProducer(uri);
        cleanup.add(producer);
        producer.offerToConsumer = offer -> inAudio(offer, audio -> audio.replaceFirst("a=send(recv|only)", "a=recvonly"));
        producer.answerForUs = answer -> {
            String audioMid = SdpMedia.parse(answer).get(1).mid();
            String videoSetup = answer.substring(answer.indexOf("a=setup:")).split("\\r?\\n")[0];
            String sdp = inAudio(answer, audio -> audio.replaceFirst("m=audio 0 ", "m=audio 9 ")
                    .replaceFirst("a=setup:[^\\r\\n]*", videoSetup));
            Matcher bundle = Pattern.compile("a=group:BUNDLE ([^\\r\\n]*)").matcher(sdp);
            return !bundle.find() || List.of(bundle.group(1).split(" ")).contains(audioMid) ? sdp
                    : sdp.replaceFirst("(a=group:BUNDLE [^\\r\\n]*)", "$1 " + Matcher.quoteReplacement(audioMid));
        };
        Consumer c = new Consumer("webrtcsrc name=src signaller::uri=" + uri + " signaller::producer-peer-id="
                + producer.awaitPeerId() + " stun-server=\"\" " + VIDEO_ONLY);
        cleanup.add(c);
        c.play();
        assertVideoFlowsWhileRefusedAudioArrives(c);
        // webrtcbin answers a recvonly offer from its recvonly transceiver with inactive
        assertTrue(SdpMedia.parse(producer.answerReceived).get(1).isRejected(), producer.toString());
        assertTrue(producer.audioSent.get() > 50, producer.toString());
    }

    @Test
    void aProducerAnnouncingItsVideoSsrcUnderAnUnusableAudioMlineStillGetsVideoThrough() throws Exception {
        // the offer's audio m-line has no rtpmap (nothing webrtcbin can map) and lists the video stream's SSRC:
        // webrtcbin makes a transceiver for it, refuses it (port 0) and leaves it without transport; VP8 on that
        // SSRC would then fail g_assert (trans->stream == stream) and abort. Its SSRC lines are dropped instead.
        String uri = "ws://127.0.0.1:" + server.port();
        LyingWebRtcBinProducer producer = new LyingWebRtcBinProducer(uri);
        cleanup.add(producer);
        producer.offerToConsumer = offer -> {
            int audioStart = offer.indexOf("m=audio");
            String video = offer.substring(0, audioStart);
            StringBuilder videoSsrcs = new StringBuilder();
            Matcher m = SSRC_LINE.matcher(video);
            while (m.find()) {
                videoSsrcs.append(m.group());
            }
            assertTrue(videoSsrcs.length() > 0, "webrtcbin announces its video SSRC\n" + offer);
            String audio = SSRC_LINE.matcher(offer.substring(audioStart)).replaceAll("")
                    .replaceAll("a=(rtpmap|fmtp|rtcp-fb):[^\\r\\n]*\\r?\\n", "");
            audio = audio.replaceFirst("(a=mid:[^\\r\\n]*\\r?\\n)", "$1" + Matcher.quoteReplacement(videoSsrcs.toString()));
            return SSRC_LINE.matcher(video).replaceAll("") + audio;
        };
        Consumer c = new Consumer("webrtcsrc name=src signaller::uri=" + uri + " signaller::producer-peer-id="
                + producer.awaitPeerId() + " stun-server=\"\" " + VIDEO_ONLY);
        cleanup.add(c);
        c.play();
        c.assertReceives(31, 0, producer);
        assertTrue(producer.answerReceived.contains("m=audio 0 "), producer.toString());
        assertEquals(List.of("video_0"), padNames(c), c.toString());
    }

    // ------------------------------------------------------------------ helpers

    /** Applies {@code edit} to the audio m-line section (from {@code m=audio} to the next m-line or the end). */
    private static String inAudio(String sdp, UnaryOperator<String> edit) {
        int start = sdp.indexOf("m=audio");
        int end = sdp.indexOf("m=", start + 2);
        end = end < 0 ? sdp.length() : end;
        return sdp.substring(0, start) + edit.apply(sdp.substring(start, end)) + sdp.substring(end);
    }

    /**
     * Video decodes (> 30 frames) while the consumer's webrtcbin keeps receiving audio RTP (>= 50 packets on the RTP
     * demuxers, counted by test probes) whose payload types it drops: no audio pad, no error, the JVM alive.
     */
    private static void assertVideoFlowsWhileRefusedAudioArrives(Consumer c) throws Exception {
        c.assertReceives(31, 0, c);
        AtomicLong dropped = new AtomicLong();
        Set<Integer> ignored = countDroppedPackets(c, dropped);
        long frames = c.videoFrames.get();
        assertTrue(GstTesting.await(SrcTestSupport.MEDIA_TIMEOUT, () -> dropped.get() >= 50), "refused audio arriving: "
                + dropped.get() + " packets\n" + c);
        c.assertReceives(31, 0, c);
        System.out.println("refused audio still sent: " + dropped.get() + " packets of payload types " + ignored
                + " dropped, video " + frames + " -> " + c.videoFrames.get() + " frames");
        assertEquals(List.of("video_0"), padNames(c), c.toString());
        assertTrue(c.errors.isEmpty(), c.toString());
    }

    /** Probes every RTP demuxer of the session; counts packets of ignored payload types. Returns those types. */
    private static Set<Integer> countDroppedPackets(Consumer c, AtomicLong counter) throws InterruptedException {
        Bin src = (Bin) c.src.asElement();
        assertTrue(GstTesting.await(Duration.ofSeconds(10), () -> ptDemuxers(src).size() >= 2),
                "one RTP demuxer per SSRC: video and the refused audio\n" + c);
        Set<Integer> ignored = new java.util.TreeSet<>();
        for (Element demux : ptDemuxers(src)) {
            Set<Integer> pts = IgnoredPayloadTypes.ignoredBy(Natives.getRawPointer(demux));
            ignored.addAll(pts);
            Pad sink = demux.getStaticPad("sink");
            PROBED.add(sink);
            sink.addProbe(PadProbeType.BUFFER, (p, info) -> {
                Buffer b = info.getBuffer();
                ByteBuffer data = b.map(false);
                try {
                    if (data.remaining() > 1 && pts.contains(data.get(1) & 0x7f)) {
                        counter.incrementAndGet();
                    }
                } finally {
                    b.unmap();
                }
                return PadProbeReturn.OK;
            });
        }
        assertTrue(!ignored.isEmpty(), "the refused m-line's payload types are ignored\n" + c);
        return ignored;
    }

    private static List<Element> ptDemuxers(Bin bin) {
        return bin.getElementsRecursive().stream()
                .filter(e -> "GstRtpPtDemux".equals(e.getTypeName())).toList();
    }

    /** The answer with its audio m-line refused (port 0), still listed as sendonly with its SSRCs. */
    static SessionDescription refuseAudio(SessionDescription answer, boolean keepInBundle) {
        String sdp = answer.sdp().replaceFirst("m=audio 9 ", "m=audio 0 ");
        if (!keepInBundle) {
            String audioMid = SdpMedia.parse(sdp).get(1).mid();
            sdp = sdp.replaceFirst("(a=group:BUNDLE [^\\r\\n]*) " + Pattern.quote(audioMid), "$1");
        }
        return SessionDescription.answer(sdp);
    }

    private static List<String> padNames(Consumer c) {
        return c.src.asElement().getSrcPads().stream().map(Pad::getName).sorted().toList();
    }
}
