package dev.webrtcsink.engine.sink.element;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.engine.sink.SdpMedia;
import dev.webrtcsink.engine.sink.element.SinkTestSupport.Producer;
import dev.webrtcsink.engine.testing.Closer;
import dev.webrtcsink.engine.testing.GstTesting;
import dev.webrtcsink.engine.testing.ServerFixture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.PadProbeType;
import org.freedesktop.gstreamer.Pipeline;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Consumers that send media to webrtcsink, whose transceivers only send ({@link SendingConsumer}): one answering
 * recvonly as it should and sending anyway, one answering sendrecv, and ones refusing an m-line (port 0) in their
 * answer while still sending it. The hostile media must really reach the hostile session's webrtcbin (counted after
 * its DTLS-SRTP decoder, test probe); that session ends with a clear error, and a well-behaved consumer of the same
 * webrtcsink keeps decoding. Loopback only, no STUN server.
 */
class WebRTCSinkHostileConsumerTest {
    private static final Pattern SSRC_LINE = Pattern.compile("a=ssrc(-group)?:[^\\r\\n]*\\r?\\n");
    @RegisterExtension
    static final ServerFixture server = new ServerFixture();
    /** Pads with test probes: gst1-java-core keeps a probe's callback on the pad's Java wrapper, so keep them. */
    private static final List<Pad> PROBED = new CopyOnWriteArrayList<>();
    @RegisterExtension
    final Closer closer = new Closer();
    private String uri;

    @BeforeAll
    static void start() {
        SinkTestSupport.init();
    }

    @BeforeEach
    void setUp() {
        uri = server.uri();
        // registered first, so cleared last: the probed pads stay referenced until every pipeline is closed
        closer.closeLater(PROBED::clear);
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        return closer.closeLater(c);
    }

    @Test
    void aConsumerAnsweringRecvonlyThatSendsAnyway() throws Exception {
        survives(answer -> SSRC_LINE.matcher(answer).replaceAll("").replace("a=sendrecv", "a=recvonly"));
    }

    @Test
    void aConsumerAnsweringSendrecvToASendonlyOffer() throws Exception {
        survives(UnaryOperator.identity());
    }

    @Test
    void aConsumerRefusingAudioWithPortZeroThatSendsItAnyway() throws Exception {
        survives(answer -> refuse(answer, 1));
    }

    @Test
    void aConsumerRefusingAudioWithPortZeroInsideTheBundleThatSendsItAnyway() throws Exception {
        survives(answer -> answer.replaceFirst("m=audio 9 ", "m=audio 0 "));
    }

    /**
     * A good consumer decodes from webrtcsink; the hostile one joins with {@code answerRewrite} and sends. Its media
     * reaches its session's webrtcbin, which has no receive path in a send-only session: the first RTP packet stops
     * the ICE source (not-linked), webrtcsink ends that session with a clear error to that consumer and drops it,
     * while the good consumer decodes 30 more frames and the producer posts no error. No crash.
     */
    private void survives(UnaryOperator<String> answerRewrite) throws Exception {
        Producer p = closeLater(Producer.standard(uri, "video-caps=video/x-vp8 audio-caps=audio/x-opus"));
        String producerId = p.playAndRegister();
        SignallingConsumer good = closeLater(new SignallingConsumer("good", uri, producerId, "VP8", true));
        SinkTestSupport.assertReceives(good, 10, p);

        SendingConsumer hostile = closeLater(new SendingConsumer("hostile", uri, producerId));
        hostile.answerToProducer = answerRewrite;
        assertTrue(GstTesting.await(SinkTestSupport.MEDIA_TIMEOUT, () -> hostile.answerSent != null
                || hostile.failure != null), hostile.toString());
        assertTrue(hostile.failure == null, hostile.toString());
        AtomicLong arrived = countArrivingRtp(p, hostile);
        assertTrue(GstTesting.await(SinkTestSupport.MEDIA_TIMEOUT, () -> arrived.get() > 0 && hostile.endError != null),
                "hostile media reaching webrtcsink: " + arrived.get() + "\n" + hostile + "\n" + p.sink.dump());
        assertTrue(hostile.endError.contains("the consumer sent media, which this send-only session does not receive"),
                hostile.toString());
        long before = good.videoFrames.get();
        SinkTestSupport.assertReceives(good, 30, p);
        System.out.println("hostile consumer: " + arrived.get() + " RTP packet(s) reached its webrtcsink session ("
                + hostile.sent.get() + " sent), session ended: " + hostile.endError + "; good consumer " + before
                + " -> " + good.videoFrames.get() + " frames");
        assertTrue(p.errors.isEmpty(), p.errors.toString());
        assertTrue(GstTesting.await(Duration.ofSeconds(5), () -> p.sink.controller().getSessions()
                .equals(List.of(good.sessionId))), "only the good session is left\n" + p.sink.dump());
    }

    /**
     * Counts RTP (not RTCP) the hostile session's webrtcbin inside webrtcbin decrypted: what leaves the
     * {@code rtp_src} pad of its DTLS-SRTP decoder (webrtcbin feeds it to rtpbin only when something receives).
     */
    private static AtomicLong countArrivingRtp(Producer p, SendingConsumer hostile) throws InterruptedException {
        AtomicLong counter = new AtomicLong();
        String sid = hostile.sessionId;
        Pipeline session = p.sink.controller().sessionPipeline(sid);
        assertTrue(session != null, "webrtcsink has the session " + sid + "\n" + p.sink.dump());
        Bin webrtcbin = (Bin) session.getElementByName("webrtcbin-" + sid);
        List<Element> decoders = webrtcbin.getElementsRecursive().stream()
                .filter(e -> "GstDtlsSrtpDec".equals(e.getTypeName())).toList();
        assertTrue(!decoders.isEmpty(), "a DTLS-SRTP decoder in " + webrtcbin.getElementsRecursive());
        for (Element decoder : decoders) {
            Pad rtpSrc = decoder.getStaticPad("rtp_src");
            PROBED.add(rtpSrc);
            rtpSrc.addProbe(PadProbeType.BUFFER, (pad, info) -> {
                counter.incrementAndGet();
                return PadProbeReturn.OK;
            });
        }
        return counter;
    }

    /** The answer with m-line {@code index} refused: port 0, out of the BUNDLE group, SSRC lines kept. */
    private static String refuse(String answer, int index) {
        SdpMedia m = SdpMedia.parse(answer).get(index);
        String sdp = answer.replaceFirst("m=" + m.media() + " 9 ", "m=" + m.media() + " 0 ");
        return sdp.replaceFirst("(a=group:BUNDLE[^\\r\\n]*) " + Pattern.quote(m.mid()) + "\\b", "$1");
    }
}
