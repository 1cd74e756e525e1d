package dev.webrtcsink.engine.src;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.api.SessionDescription;
import dev.webrtcsink.engine.element.JavaObject;
import dev.webrtcsink.engine.sink.SdpMedia;
import dev.webrtcsink.engine.sink.element.WebRTCSink;
import dev.webrtcsink.engine.src.SrcTestSupport.Consumer;
import dev.webrtcsink.engine.testing.Closer;
import dev.webrtcsink.engine.testing.DirectSignalling;
import dev.webrtcsink.engine.testing.GstTesting;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * webrtcsrc as the offerer (spec §6, §7): the {@code direct} test signaller asks the consumer to offer
 * ({@code sessionRequested(id, producer, null)}), as a WHEP client does, and a real webrtcsink
 * ({@code directwebrtcsink}) answers. The channel between them shows the offer and answer on the wire and can rewrite
 * answers. Loopback only, no STUN server.
 */
class WebRTCSrcConsumerOfferTest {
    /** Aux formats webrtcbin adds to an m-line on its own (retransmission, FEC): not codecs we configured. */
    private static final List<String> AUX = List.of("RTX", "RED", "ULPFEC");
    /** A video-only consumer: an audio sink that never gets data would keep the pipeline from reaching PLAYING. */
    private static final Pattern GENERIC_NACK = Pattern.compile("a=rtcp-fb:\\d+ nack\\r?\\n");
    private static final String VIDEO_ONLY = "src. ! queue ! videoconvert ! fakesink name=video sync=false";

    @RegisterExtension
    final Closer closer = new Closer();

    @BeforeAll
    static void init() {
        SrcTestSupport.init();
    }

    /** A webrtcsink on a fresh channel: VP8 (and Opus when {@code audio}) from live test sources. */
    private final class Producer implements AutoCloseable {
        final String channelName = "offer-test-" + UUID.randomUUID();
        final DirectSignalling.Channel channel = DirectSignalling.channel(channelName);
        final Pipeline pipeline;
        final WebRTCSink sink;

        Producer(boolean audio) {
            this(audio, "video/x-vp8");
        }

        Producer(boolean audio, String videoCaps) {
            pipeline = (Pipeline) Gst.parseLaunch("videotestsrc is-live=true pattern=ball "
                    + "! video/x-raw,width=320,height=240,framerate=30/1 ! directwebrtcsink name=ws stun-server=\"\" "
                    + "video-caps=" + videoCaps + " audio-caps=audio/x-opus signaller::channel=" + channelName
                    + (audio ? " audiotestsrc is-live=true wave=ticks ! ws." : ""));
            sink = WebRTCSink.of(pipeline.getElementByName("ws"));
            closer.closeLater(this);
            pipeline.play();
        }

        Consumer consumer(String properties, String branches) {
            return closer.closeLater(new Consumer("directwebrtcsrc name=src signaller::channel=" + channelName
                    + " stun-server=\"\" " + properties + " " + branches)).play();
        }

        @Override
        public void close() {
            pipeline.setState(State.NULL);
            pipeline.dispose();
        }

        @Override
        public String toString() {
            return channel + "\n" + sink.dump();
        }
    }

    @Test
    void offersEveryConfiguredCodecAndDecodesWhatWebrtcsinkAnswers() throws Exception {
        Producer producer = new Producer(true);
        Consumer c = producer.consumer("", WebRTCSrcElementTest.DECODED);
        c.assertReceives(31, 10, producer);
        System.out.println("webrtcsrc offer -> webrtcsink answer: " + c.videoFrames.get() + " frames, "
                + c.audioBuffers.get() + " audio buffers, first frame after " + c.timeToFirstFrameMillis() + " ms");

        assertEquals(1, producer.channel.offers.size(), producer.toString());
        SessionDescription offer = producer.channel.offers.get(0);
        assertEquals(SessionDescription.Type.OFFER, offer.type());
        List<SdpMedia> media = SdpMedia.parse(offer.sdp());
        assertEquals(List.of("video", "audio"), media.stream().map(SdpMedia::media).toList(), offer.sdp());
        media.forEach(m -> assertEquals("recvonly", m.direction(), offer.sdp()));
        // spec §6: every configured codec, in order, payload types from 96 across both m-lines
        assertEquals("96=VP8/90000 97=H264/90000 98=VP9/90000 99=H265/90000 100=AV1/90000", codecs(media.get(0)));
        assertEquals("101=OPUS/48000 102=MULTIOPUS/48000", codecs(media.get(1)));
        assertTrue(media.get(0).fmtps().get(97).contains("profile-level-id=42e016"), offer.sdp());
        // do-retransmission (default true) → do-nack: NACK feedback and an RTX format; fec-type ulp-red → RED/ULPFEC
        assertTrue(GENERIC_NACK.matcher(offer.sdp()).find(), offer.sdp());
        assertEquals(Set.copyOf(AUX), Set.copyOf(auxNames(media.get(0))), offer.sdp());
        assertTrue(auxNames(media.get(1)).contains("RTX"), offer.sdp());
        // one BUNDLE transport: a payload type means one format across all m-lines
        List<Integer> pts = media.stream().flatMap(m -> m.formats().stream()).toList();
        assertEquals(pts.size(), Set.copyOf(pts).size(), offer.sdp());

        SdpMedia answeredVideo = SdpMedia.parse(producer.channel.answers.get(0).sdp()).get(0);
        assertEquals("sendonly", answeredVideo.direction());
        assertEquals("VP8", answeredVideo.rtpMaps().get(answeredVideo.firstFormat().orElseThrow()).encodingName());
        assertTrue(c.padCaps.stream().anyMatch(s -> s.startsWith("video: video/x-raw")), c.padCaps.toString());
        assertTrue(c.padCaps.stream().anyMatch(s -> s.startsWith("audio: audio/x-raw")), c.padCaps.toString());
        assertTrue(c.src.dump().contains("(we offered)"), c.src.dump());
    }

    @Test
    void videoCodecsRestrictTheOfferAndDoRetransmissionFalseDropsNack() throws Exception {
        Producer producer = new Producer(true);
        Consumer c = producer.consumer("video-codecs=<VP8> audio-codecs=<OPUS> do-retransmission=false",
                WebRTCSrcElementTest.DECODED);
        c.assertReceives(31, 10, producer);
        String offer = producer.channel.offers.get(0).sdp();
        List<SdpMedia> media = SdpMedia.parse(offer);
        assertEquals("96=VP8/90000", codecs(media.get(0)), offer);
        assertEquals("97=OPUS/48000", codecs(media.get(1)), offer);
        // generic NACK feedback gone ("nack pli", a key frame request, stays)
        assertFalse(GENERIC_NACK.matcher(offer).find(), offer);
        assertFalse(auxNames(media.get(0)).contains("RTX"), offer);
        assertFalse(auxNames(media.get(1)).contains("RTX"), offer);
    }

    @Test
    void rtpOutputCarriesTheCodecTheProducerChoseNotTheFirstOffered() throws Exception {
        // VP8 is offered first (96); webrtcsink only sends VP9 (98): an RTP-only downstream must get VP9's RTP caps
        Producer producer = new Producer(false, "video/x-vp9");
        Consumer c = producer.consumer("", "src. ! rtpvp9depay ! vp9dec ! fakesink name=video sync=false");
        c.assertReceives(31, 0, producer);
        SdpMedia answered = SdpMedia.parse(producer.channel.answers.get(0).sdp()).get(0);
        assertEquals("VP9", answered.rtpMaps().get(answered.firstFormat().orElseThrow()).encodingName());
        assertTrue(c.src.dump().contains("output=RTP"), c.toString());
    }

    @Test
    void anAnswerRefusingAudioWithPortZeroGivesOnlyAVideoPad() throws Exception {
        // a producer without audio, whose answer refuses the audio m-line the RFC 3264 way: port 0, out of the
        // BUNDLE group (webrtcsink itself answers it inactive, see below). A producer that still sends audio after
        // refusing it: WebRTCSrcHostileProducerTest.
        Producer producer = new Producer(false);
        producer.channel.rewriteAnswers(WebRTCSrcConsumerOfferTest::refuseAudio);
        Consumer c = producer.consumer("", VIDEO_ONLY);
        c.assertReceives(31, 0, producer);
        assertTrue(producer.channel.answers.get(0).sdp().contains("m=audio 0 "), producer.toString());
        assertEquals(List.of("video_0"), padNames(c), c.toString());
        assertFalse(c.src.dump().contains("audio_"), c.src.dump());
    }

    @Test
    void aProducerWithoutAudioAnswersItInactiveAndOnlyVideoIsExposed() throws Exception {
        Producer producer = new Producer(false);
        Consumer c = producer.consumer("", VIDEO_ONLY);
        c.assertReceives(31, 0, producer);
        SdpMedia audio = SdpMedia.parse(producer.channel.answers.get(0).sdp()).get(1);
        assertEquals("inactive", audio.direction(), producer.channel.answers.get(0).sdp());
        assertEquals(List.of("video_0"), padNames(c), c.toString());
        assertFalse(c.src.dump().contains("audio_"), c.src.dump());
    }

    @Test
    void aBadAnswerIsAClearErrorTheProducerIsToldAndTheElementRestartsWithoutLeaks() throws Exception {
        Producer producer = new Producer(true);
        assertTrue(GstTesting.await(SrcTestSupport.MEDIA_TIMEOUT, producer.channel::hasProducer), producer.toString());
        int javaObjects = JavaObject.liveInstances();
        // 1: not SDP at all; 2: SDP webrtcbin refuses (no ICE credentials, fingerprint or mid)
        List<String> garbage = List.of("this is not SDP",
                "v=0\r\no=- 0 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n"
                        + "c=IN IP4 0.0.0.0\r\na=sendonly\r\na=rtpmap:96 VP8/90000\r\n");
        Consumer c = null;
        for (String bad : garbage) {
            producer.channel.rewriteAnswers(answer -> SessionDescription.answer(bad));
            int ended = producer.channel.endedByConsumer.size();
            if (c == null) {
                c = producer.consumer("", WebRTCSrcElementTest.DECODED);
            } else {
                c.play();
            }
            Consumer consumer = c;
            assertTrue(GstTesting.await(SrcTestSupport.MEDIA_TIMEOUT, () -> !consumer.errors.isEmpty()), c.toString());
            System.out.println("bad answer -> " + c.errors.get(0));
            assertTrue(c.errors.get(0).startsWith("Failed to handle the producer's answer: "), c.errors.toString());
            // the producer is told: endSession reaches webrtcsink, which drops its session
            assertTrue(GstTesting.await(Duration.ofSeconds(10), () -> producer.channel.endedByConsumer.size() > ended
                    && producer.sink.sessions().isEmpty()), producer.toString());
            assertTrue(GstTesting.await(Duration.ofSeconds(5), () -> consumer.src.asElement().getSrcPads().isEmpty()),
                    c.toString());
            c.pipeline.setState(State.NULL);
            // a pool thread outlives awaitTermination by a moment: wait for it rather than sample once
            assertTrue(GstTesting.await(Duration.ofSeconds(5), () -> threads("webrtcsrc-control") == 0
                    && threads("direct-signaller-consumer") == 0), "control and signaller threads gone in NULL");
            c.errors.clear();
        }

        producer.channel.rewriteAnswers(null);
        c.play();
        c.assertReceives(31, 10, producer);
        c.close();
        closer.forget(c);
        assertTrue(GstTesting.await(Duration.ofSeconds(10), () -> producer.sink.sessions().isEmpty()), producer.toString());
        assertTrue(GstTesting.awaitWithGc(Duration.ofSeconds(10),
                        () -> JavaObject.liveInstances() <= javaObjects && threads("webrtcsrc-control") == 0
                                && threads("direct-signaller-consumer") == 0 && StreamStartRewriter.liveProbes() == 0),
                "Java GObjects " + JavaObject.liveInstances() + " (before " + javaObjects + "), control threads "
                        + threads("webrtcsrc-control") + ", stream-id probes " + StreamStartRewriter.liveProbes());
    }

    // ------------------------------------------------------------------ helpers

    /** {@code pt=NAME/clock} of an m-line's codecs in m-line order, aux formats left out. */
    private static String codecs(SdpMedia m) {
        return m.formats().stream()
                .filter(pt -> !AUX.contains(m.rtpMaps().get(pt).encodingName().toUpperCase()))
                .map(pt -> pt + "=" + m.rtpMaps().get(pt).encodingName() + "/" + m.rtpMaps().get(pt).clockRate())
                .collect(Collectors.joining(" "));
    }

    private static List<String> auxNames(SdpMedia m) {
        return m.formats().stream().map(pt -> m.rtpMaps().get(pt).encodingName().toUpperCase())
                .filter(AUX::contains).toList();
    }

    /** The answer with its audio m-line refused: port 0, out of the BUNDLE group. */
    private static SessionDescription refuseAudio(SessionDescription answer) {
        String sdp = answer.sdp().replaceFirst("m=audio 9 ", "m=audio 0 ").replace("a=inactive", "a=recvonly");
        String audioMid = SdpMedia.parse(sdp).get(1).mid();
        sdp = sdp.replaceFirst("(a=group:BUNDLE [^\\r\\n]*) " + audioMid, "$1");
        return SessionDescription.answer(sdp);
    }

    private static List<String> padNames(Consumer c) {
        return c.src.asElement().getSrcPads().stream().map(Pad::getName).sorted().toList();
    }

    private static long threads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }
}
