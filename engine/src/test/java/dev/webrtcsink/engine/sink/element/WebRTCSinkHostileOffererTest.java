package dev.webrtcsink.engine.sink.element;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.engine.gst.IgnoredPayloadTypes;
import dev.webrtcsink.engine.sink.element.SinkTestSupport.Producer;
import dev.webrtcsink.engine.testing.Closer;
import dev.webrtcsink.engine.testing.GstTesting;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.PadProbeType;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.glib.Natives;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Consumers that offer to webrtcsink (consumer-offer mode, {@code directwebrtcsink}) and send media it never asked
 * for ({@link OfferingConsumer}). webrtcsink's webrtcbins drop every incoming RTP payload type in their demuxers
 * ({@code IgnoredPayloadTypes.dropAll}); before that, the second test aborted the JVM. A well-behaved offering
 * consumer of the same webrtcsink must keep decoding, the producer must post no error. Loopback only, no STUN.
 */
class WebRTCSinkHostileOffererTest {
    private static final Pattern SSRC_LINE = Pattern.compile("a=ssrc(-group)?:[^\\r\\n]*\\r?\\n");
    /** Pads with test probes: gst1-java-core keeps a probe's callback on the pad's Java wrapper, so keep them. */
    private static final List<Pad> PROBED = new CopyOnWriteArrayList<>();
    @RegisterExtension
    final Closer closer = new Closer();

    @BeforeAll
    static void init() {
        SinkTestSupport.init();
    }

    @BeforeEach
    void setUp() {
        // registered first, so cleared last: the probed pads stay referenced until every pipeline is closed
        closer.closeLater(PROBED::clear);
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        return closer.closeLater(c);
    }

    @Test
    void anExtraSendingVideoMlineTheSinkHasNoInputFor() throws Exception {
        // webrtcsink has one video input: webrtcbin answers the second (sendonly) video m-line recvonly by itself
        survives(UnaryOperator.identity());
    }

    @Test
    void itsSendingSsrcAnnouncedUnderAnExtraMlineWebrtcbinRefuses() throws Exception {
        // a third, audio m-line without any rtpmap (webrtcbin makes a transceiver for it, then refuses it and leaves
        // it without transport) lists the SSRC the consumer sends VP8 with on m-line 1 (which webrtcbin accepted
        // recvonly, so webrtcsink's webrtcbin has a receive path): webrtcbin 1.22 maps that stream to m-line 2 and
        // fails g_assert (trans->stream == stream) in on_rtpbin_pad_added, aborting the process, unless the sink's
        // demuxers drop everything
        survives(offer -> {
            int m1 = offer.indexOf("m=video", offer.indexOf("m=video") + 1);
            String head = offer.substring(0, m1);
            String sending = offer.substring(m1);
            StringBuilder ssrcs = new StringBuilder();
            Matcher m = SSRC_LINE.matcher(sending);
            while (m.find()) {
                ssrcs.append(m.group());
            }
            assertTrue(ssrcs.length() > 0, "the sending m-line lists its SSRC\n" + offer);
            String withoutSsrcs = SSRC_LINE.matcher(sending).replaceAll("");
            String unusable = withoutSsrcs.replaceFirst("m=video 0 [A-Z/]+ 97", "m=audio 0 UDP/TLS/RTP/SAVPF 111")
                    .replaceAll("a=(rtpmap|fmtp|rtcp-fb|framerate)[^\\r\\n]*\\r?\\n", "")
                    .replaceFirst("a=mid:[^\\r\\n]*", "a=mid:audio2")
                    .replaceFirst("(a=mid:audio2\\r?\\n)", "$1" + Matcher.quoteReplacement(ssrcs.toString()));
            return head.replaceFirst("(a=group:BUNDLE[^\\r\\n]*)", "$1 audio2") + withoutSsrcs + unusable;
        }, answer -> answer.substring(0, answer.indexOf("m=audio")).replace(" audio2", ""));
    }

    @Test
    void aConsumerThatNeverConnectsAndLeavesIsDroppedWithoutWedgingTheSink() throws Exception {
        // the session's transport never comes up, so its pipeline stops taking data at webrtcbin's DTLS gate and
        // backs up into proxysrc's queue, where the producer-side branch's thread then waits; ending the session
        // used to wait for that thread forever, on the sink's only control thread (every later session stuck)
        String channel = "never-connects-" + UUID.randomUUID();
        Producer p = closeLater(new Producer("videotestsrc is-live=true ! video/x-raw,width=320,height=240,"
                + "framerate=30/1 ! directwebrtcsink name=ws stun-server=\"\" video-caps=video/x-vp8 "
                + "signaller::channel=" + channel));
        p.pipeline.play();
        OfferingConsumer silent = closeLater(new OfferingConsumer("silent", channel, false));
        // wrong ICE password: no connectivity check between the two ever succeeds
        silent.offerToProducer = offer -> offer.replaceAll("a=ice-pwd:[^\\r\\n]*", "a=ice-pwd:0123456789abcdef0123456789");
        assertTrue(GstTesting.await(SinkTestSupport.MEDIA_TIMEOUT, () -> silent.answer != null), silent.toString());
        // its pipeline stops at webrtcbin's DTLS gate and backs up into proxysrc's queue (1 s of raw video), then
        // into the producer-side branch queue, whose thread now waits in proxysrc's queue: wait until it does
        String sid = silent.sessionId;
        Element tapQueue = p.pipeline.getElementsRecursive().stream()
                .filter(e -> e.getName().startsWith("tap-queue-video_0-" + sid)).findFirst().orElseThrow();
        assertTrue(GstTesting.await(Duration.ofSeconds(15),
                () -> ((Number) tapQueue.get("current-level-time")).longValue() >= 400_000_000L),
                "the branch backs up: " + tapQueue.get("current-level-time") + " ns queued");
        silent.close();
        assertTrue(GstTesting.await(Duration.ofSeconds(10), () -> p.sink.controller().getSessions().isEmpty()),
                "the silent session is gone\n" + p.sink.dump());
        OfferingConsumer good = closeLater(new OfferingConsumer("good", channel, false));
        assertTrue(GstTesting.await(SinkTestSupport.MEDIA_TIMEOUT, () -> good.videoFrames.get() >= 30), good + "\n"
                + p.sink.dump());
        assertTrue(p.errors.isEmpty(), p.errors.toString());
    }

    private void survives(UnaryOperator<String> offerRewrite) throws Exception {
        survives(offerRewrite, UnaryOperator.identity());
    }

    /**
     * A good offering consumer decodes from webrtcsink; the hostile one offers {@code offerRewrite} and sends VP8 on
     * its second m-line. Its RTP must reach the RTP demuxer of its session inside webrtcsink (>= 50 packets, counted
     * by test probes) and be dropped there: the hostile session goes on (it still decodes webrtcsink's video), the
     * good consumer decodes 30 more frames, the producer posts no error, the process lives.
     */
    private void survives(UnaryOperator<String> offerRewrite, UnaryOperator<String> answerRewrite) throws Exception {
        String channel = "hostile-offerer-" + UUID.randomUUID();
        Producer p = closeLater(new Producer("videotestsrc is-live=true ! video/x-raw,width=320,height=240,"
                + "framerate=30/1 ! directwebrtcsink name=ws stun-server=\"\" video-caps=video/x-vp8 "
                + "signaller::channel=" + channel));
        p.pipeline.play();
        OfferingConsumer good = closeLater(new OfferingConsumer("good", channel, false));
        assertTrue(GstTesting.await(SinkTestSupport.MEDIA_TIMEOUT, () -> good.videoFrames.get() >= 10), good.toString());

        OfferingConsumer hostile = closeLater(new OfferingConsumer("hostile", channel, true));
        hostile.offerToProducer = offerRewrite;
        hostile.answerForUs = answerRewrite;
        AtomicLong dropped = new AtomicLong();
        assertTrue(GstTesting.await(SinkTestSupport.MEDIA_TIMEOUT, () -> countAtDemuxers(p, hostile, dropped)
                || hostile.failure != null || hostile.endError != null), hostile + "\n" + p.sink.dump());
        assertTrue(GstTesting.await(SinkTestSupport.MEDIA_TIMEOUT, () -> dropped.get() >= 50
                || hostile.failure != null || hostile.endError != null), "dropped " + dropped + "\n" + hostile);
        assertTrue(hostile.failure == null && hostile.endError == null, hostile.toString());
        long good0 = good.videoFrames.get();
        long hostile0 = hostile.videoFrames.get();
        assertTrue(GstTesting.await(SinkTestSupport.MEDIA_TIMEOUT, () -> good.videoFrames.get() >= good0 + 30
                && hostile.videoFrames.get() >= hostile0 + 30), good + "\n" + hostile + "\n" + p.sink.dump());
        System.out.println("hostile offerer: " + dropped.get() + " of its RTP packets dropped inside webrtcsink, "
                + "session kept (it decoded " + hostile0 + " -> " + hostile.videoFrames.get() + " frames); good consumer "
                + good0 + " -> " + good.videoFrames.get() + " frames");
        assertTrue(p.errors.isEmpty(), p.errors.toString());
        assertEquals(2, p.sink.controller().getSessions().size(), p.sink.dump());
    }

    /**
     * Once the hostile session's webrtcsink webrtcbin has RTP demuxers (one per SSRC it received): probes them,
     * counting packets, and checks they drop every payload type. False while there is none yet.
     */
    private static boolean countAtDemuxers(Producer p, OfferingConsumer hostile, AtomicLong counter) {
        String sid = hostile.sessionId;
        Pipeline session = sid == null ? null : p.sink.controller().sessionPipeline(sid);
        if (session == null) {
            return false;
        }
        List<Element> demuxers = ((Bin) session.getElementByName("webrtcbin-" + sid)).getElementsRecursive().stream()
                .filter(e -> "GstRtpPtDemux".equals(e.getTypeName())).toList();
        for (Element demux : demuxers) {
            assertEquals(128, IgnoredPayloadTypes.ignoredBy(Natives.getRawPointer(demux)).size(), demux.getName());
            Pad sink = demux.getStaticPad("sink");
            PROBED.add(sink);
            sink.addProbe(PadProbeType.BUFFER, (pad, info) -> {
                counter.incrementAndGet();
                return PadProbeReturn.OK;
            });
        }
        return !demuxers.isEmpty();
    }
}
