package dev.webrtcsink.engine.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.engine.codec.AvailableCodec;
import dev.webrtcsink.engine.codec.CodecDiscovery;
import dev.webrtcsink.engine.codec.CodecTable;
import dev.webrtcsink.engine.codec.GstInit;
import dev.webrtcsink.engine.codec.MediaKind;
import dev.webrtcsink.engine.codec.SessionCodecs;
import dev.webrtcsink.engine.testing.FrameCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The per-consumer payload chain fed from a shared tee, without webrtcbin: RTP out of the payloader. */
class PayloadChainTest {

    private final List<Pipeline> pipelines = new ArrayList<>();

    @BeforeAll
    static void gst() {
        GstInit.ensure();
    }

    @AfterEach
    void teardown() {
        for (int i = pipelines.size() - 1; i >= 0; i--) {
            pipelines.get(i).setState(State.NULL);
        }
    }

    private Pipeline producer(String description) {
        Pipeline p = (Pipeline) Gst.parseLaunch(description);
        pipelines.add(p);
        p.play();
        p.getState(5, TimeUnit.SECONDS);
        return p;
    }

    private SessionCodecs.Entry entry(String encodingName, int pt) {
        AvailableCodec c = CodecDiscovery.installed().stream()
                .filter(a -> a.codec().encodingName().equals(encodingName)).findFirst().orElseThrow();
        return new SessionCodecs.Entry(pt, c);
    }

    /** Builds consumer = tap ! chain ! fakesink, counts RTP buffers, returns the caps seen. */
    private String streamThrough(Pipeline producer, SinkInput input, SessionCodecs.Entry codec) throws Exception {
        Element tee = input.fanout();
        Caps caps = tee.getStaticPad("sink").getCurrentCaps();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (caps == null && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            caps = tee.getStaticPad("sink").getCurrentCaps();
        }
        input.setCaps(caps.toString());

        Pipeline consumer = new Pipeline("consumer-" + codec.row().encodingName());
        pipelines.add(consumer);
        consumer.useClock(producer.getClock());
        consumer.setBaseTime(producer.getBaseTime());
        consumer.setStartTime(-1);
        InputTap tap = new InputTap(input, consumer, "s1");
        PayloadChain chain = PayloadChain.build(consumer, tap.source(),
                new PayloadChain.Spec("peer", input, codec, 1234L, 1_000_000L, SetupHooks.NONE));
        Element sink = ElementFactory.make("fakesink", "out");
        sink.set("sync", false);
        consumer.add(sink);
        chain.srcPad().link(sink.getStaticPad("sink"));
        FrameCounter packets = FrameCounter.install(sink.getStaticPad("sink"));
        consumer.getBus().connect((org.freedesktop.gstreamer.Bus.ERROR) (src, code, msg) ->
                System.err.println("consumer error from " + src.getName() + ": " + msg));
        consumer.play();
        tap.open();
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (packets.count() < 20 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        tap.close();
        consumer.setState(State.NULL);
        assertTrue(packets.count() >= 20, codec.row() + ": only " + packets.count() + " RTP packets");
        return packets.firstCaps();
    }

    @Test
    void rawVideoIsEncodedAndPayloadedPerCodec() throws Exception {
        Pipeline producer = producer("videotestsrc is-live=true ! video/x-raw,width=320,height=240,framerate=30/1 "
                + "! tee name=video_0 allow-not-linked=true");
        SinkInput input = new SinkInput("video_0", MediaKind.VIDEO, producer.getElementByName("video_0"));
        for (String codec : new String[] {"VP8", "VP9", "H264"}) {
            String caps = streamThrough(producer, input, entry(codec, 96));
            assertTrue(caps.contains("encoding-name=(string)" + codec), caps);
            assertTrue(caps.contains("payload=(int)96"), caps);
        }
        // the producer never stalled while consumers came and went
        assertEquals(State.PLAYING, producer.getState(0));
    }

    @Test
    void h264EncodingUsesConstrainedBaseline() throws Exception {
        Pipeline producer = producer("videotestsrc is-live=true ! video/x-raw,width=320,height=240,framerate=15/1 "
                + "! tee name=video_0 allow-not-linked=true");
        SinkInput input = new SinkInput("video_0", MediaKind.VIDEO, producer.getElementByName("video_0"));
        String caps = streamThrough(producer, input, entry("H264", 97));
        // profile-level-id 42 e0 xx = constrained baseline
        assertTrue(caps.contains("profile-level-id=(string)42c0") || caps.contains("profile-level-id=(string)42e0"), caps);
    }

    @Test
    void rawAudioIsEncodedWithOpus() throws Exception {
        Pipeline producer = producer("audiotestsrc is-live=true ! audio/x-raw,rate=44100,channels=1 ! tee name=audio_0 allow-not-linked=true");
        SinkInput input = new SinkInput("audio_0", MediaKind.AUDIO, producer.getElementByName("audio_0"));
        String caps = streamThrough(producer, input, entry("OPUS", 100));
        assertTrue(caps.contains("encoding-name=(string)OPUS"), caps);
    }

    @Test
    void encodedInputIsPassedThrough() throws Exception {
        Pipeline producer = producer("videotestsrc is-live=true ! video/x-raw,width=320,height=240,framerate=30/1 "
                + "! vp8enc deadline=1 keyframe-max-dist=10 ! tee name=video_0 allow-not-linked=true");
        SinkInput input = new SinkInput("video_0", MediaKind.VIDEO, producer.getElementByName("video_0"));
        String caps = streamThrough(producer, input, entry("VP8", 96));
        assertTrue(caps.contains("encoding-name=(string)VP8"), caps);
        assertTrue(CodecTable.VP8.encoders().contains("vp8enc"));
    }
}
