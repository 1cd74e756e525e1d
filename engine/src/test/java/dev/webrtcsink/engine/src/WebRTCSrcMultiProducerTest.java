package dev.webrtcsink.engine.src;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.engine.element.JavaObject;
import dev.webrtcsink.engine.testing.Closer;
import dev.webrtcsink.engine.testing.FrameCounter;
import dev.webrtcsink.engine.testing.GstTesting;
import dev.webrtcsink.engine.testing.ServerFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.glib.Natives;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One webrtcsrc without a producer id takes every producer of the server (our extension): pads come and go with
 * the producers, the others keep flowing. Real server on loopback, hand-built producers, no STUN.
 */
class WebRTCSrcMultiProducerTest {
    private static final Duration TIMEOUT = SrcTestSupport.MEDIA_TIMEOUT;
    private static final long FRAMES = 31;
    private static final long AUDIO_BUFFERS = 10;
    /** GstEvent.type on LP64, after the 64-byte GstMiniObject (as StreamStartRewriter reads it), and GST_EVENT_EOS. */
    private static final int EVENT_TYPE_OFFSET = 64;
    private static final int EVENT_EOS = (110 << 8) | 2 | 4 | 8;

    @RegisterExtension
    static final ServerFixture server = new ServerFixture();
    @RegisterExtension
    final Closer closer = new Closer();

    @BeforeAll
    static void init() {
        SrcTestSupport.init();
    }

    /** What reached the fakesink behind one exposed pad (probes: test code only). */
    static final class Branch {
        final String pad;
        final Element convert;
        final Element sink;
        final Pad sinkPad; // keeps the probes' Java callbacks reachable
        final AtomicLong buffers = new AtomicLong();
        volatile String streamId;
        volatile boolean eos;
        volatile boolean removed;

        Branch(String pad, Element convert, Element sink) {
            this.pad = pad;
            this.convert = convert;
            this.sink = sink;
            this.sinkPad = sink.getStaticPad("sink");
            FrameCounter.install(sinkPad, buffers);
        }

        /** Whether this branch carries a stream of {@code producer}'s session (stream id = sha256(session):mline). */
        boolean of(WebRtcBinProducer producer) {
            String id = streamId;
            String session = producer.sessionId;
            return id != null && session != null
                    && id.startsWith(StreamStartRewriter.streamId(session, 0).replace(":0", ":"));
        }

        @Override
        public String toString() {
            return pad + "(" + buffers.get() + (eos ? ", EOS" : "") + (removed ? ", removed" : "") + ")";
        }
    }

    /**
     * webrtcsrc alone in a pipeline; its pad-added handler links every new pad to its own
     * {@code videoconvert|audioconvert ! fakesink}, whose raw caps make webrtcsrc decode: buffers are decoded frames.
     */
    static final class MultiConsumer implements AutoCloseable {
        final Pipeline pipeline = new Pipeline("multi-consumer");
        final Element element;
        final WebRTCSrcElement src;
        final List<Branch> branches = new CopyOnWriteArrayList<>();
        final List<String> errors = new CopyOnWriteArrayList<>();
        final List<String> warnings = new CopyOnWriteArrayList<>();

        MultiConsumer() {
            element = ElementFactory.make("webrtcsrc", "src");
            src = SrcTestSupport.javaSide(element);
            element.set("stun-server", "");
            src.signallerObject().set("uri", server.uri());
            pipeline.add(element);
            pipeline.getBus().connect((Bus.ERROR) (source, code, message) -> errors.add(message));
            pipeline.getBus().connect((Bus.WARNING) (source, code, message) -> warnings.add(message));
            // webrtcbin's streaming thread, inside the element's gst_element_add_pad
            element.connect((Element.PAD_ADDED) (e, pad) -> link(pad));
            element.connect((Element.PAD_REMOVED) (e, pad) -> unlinked(pad));
        }

        private void link(Pad pad) {
            Element convert = ElementFactory.make(pad.getName().startsWith("video_") ? "videoconvert" : "audioconvert",
                    null);
            Element sink = ElementFactory.make("fakesink", null);
            sink.set("sync", false);
            sink.set("async", false);
            Branch branch = new Branch(pad.getName(), convert, sink);
            branch.sinkPad.addEventProbe((p, event) -> {
                if (Natives.getRawPointer(event).getInt(EVENT_TYPE_OFFSET) == EVENT_EOS) {
                    branch.eos = true;
                } else if (event.getStructure() != null && event.getStructure().hasField("stream-id")) {
                    branch.streamId = event.getStructure().getString("stream-id");
                }
                return PadProbeReturn.OK;
            });
            pipeline.addMany(convert, sink);
            convert.link(sink);
            sink.syncStateWithParent();
            convert.syncStateWithParent();
            pad.link(convert.getStaticPad("sink"));
            branches.add(branch);
        }

        private void unlinked(Pad pad) {
            for (Branch b : branches) {
                if (b.pad.equals(pad.getName()) && !b.removed) {
                    b.removed = true;
                    // already unlinked: nothing flows into the branch any more
                    b.convert.setState(State.NULL);
                    b.sink.setState(State.NULL);
                    pipeline.removeMany(b.convert, b.sink);
                }
            }
        }

        MultiConsumer play() {
            pipeline.play();
            return this;
        }

        List<Branch> of(WebRtcBinProducer producer) {
            List<Branch> out = new ArrayList<>();
            for (Branch b : branches) {
                if (b.of(producer)) {
                    out.add(b);
                }
            }
            return out;
        }

        long frames(WebRtcBinProducer producer) {
            return of(producer).stream().filter(b -> b.pad.startsWith("video_")).mapToLong(b -> b.buffers.get()).sum();
        }

        long audio(WebRtcBinProducer producer) {
            return of(producer).stream().filter(b -> b.pad.startsWith("audio_")).mapToLong(b -> b.buffers.get()).sum();
        }

        /** The pad names of {@code producer}'s streams, sorted. */
        List<String> pads(WebRtcBinProducer producer) {
            return of(producer).stream().map(b -> b.pad).sorted().toList();
        }

        boolean flowing(WebRtcBinProducer producer) {
            return frames(producer) >= FRAMES && audio(producer) >= AUDIO_BUFFERS;
        }

        List<String> exposedPads() {
            return element.getSrcPads().stream().map(Pad::getName).sorted().toList();
        }

        @Override
        public String toString() {
            return "consumer: branches " + branches + ", pads " + exposedPads() + ", errors " + errors
                    + ", warnings " + warnings + "\n" + src.dump();
        }

        @Override
        public void close() {
            pipeline.setState(State.NULL);
            pipeline.getBus().dispose();
            pipeline.dispose();
            element.dispose(); // our wrapper's reference: the element goes now, not at GC
        }
    }

    @Test
    void padsComeAndGoWithTheProducersWhileTheOthersKeepFlowing() throws Exception {
        int javaObjects = JavaObject.liveInstances();
        WebRtcBinProducer first = closer.closeLater(new WebRtcBinProducer(server.uri(), true));
        WebRtcBinProducer second = closer.closeLater(new WebRtcBinProducer(server.uri(), true));
        first.awaitPeerId();
        second.awaitPeerId();
        MultiConsumer c = closer.closeLater(new MultiConsumer());
        long started = System.nanoTime();
        c.play();

        assertTrue(GstTesting.await(TIMEOUT, () -> (c.flowing(first) && c.flowing(second)) || !c.errors.isEmpty()),
                c + "\n" + first + "\n" + second);
        System.out.println("two producers -> one webrtcsrc: both flowing after " + millisSince(started) + " ms; "
                + c.branches);
        assertEquals(List.of(), c.errors);
        assertEquals(List.of("audio_0", "audio_1", "video_0", "video_1"), c.exposedPads());
        List<String> firstPads = c.pads(first);
        List<String> secondPads = c.pads(second);
        assertEquals(2, firstPads.size(), c.toString());
        assertEquals(2, secondPads.size(), c.toString());
        // one producer holds index 0, the other index 1
        WebRtcBinProducer leaving = firstPads.contains("video_0") ? first : second;
        WebRtcBinProducer staying = leaving == first ? second : first;
        assertEquals(List.of("audio_0", "video_0"), c.pads(leaving), c.toString());
        assertEquals(List.of("audio_1", "video_1"), c.pads(staying), c.toString());
        assertEquals(2, sessionsIn(c), c.toString());

        // the producer with index 0 leaves: its pads get EOS and go, the other keeps flowing
        long stayingFrames = c.frames(staying);
        long left = System.nanoTime();
        leaving.vanish();
        List<Branch> gone = c.of(leaving);
        assertTrue(GstTesting.await(Duration.ofSeconds(15), () -> gone.stream().allMatch(b -> b.eos && b.removed)),
                c.toString());
        long goneMillis = millisSince(left);
        assertEquals(List.of("audio_1", "video_1"), c.exposedPads());
        assertTrue(GstTesting.await(TIMEOUT, () -> c.frames(staying) >= stayingFrames + FRAMES), c.toString());
        System.out.println("producer left -> its pads EOS and removed after " + goneMillis + " ms; the other's frames "
                + stayingFrames + " -> " + c.frames(staying));
        assertEquals(1, sessionsIn(c), c.toString());

        // a third producer appears: it gets the freed index
        long stayingBefore = c.frames(staying);
        long joined = System.nanoTime();
        WebRtcBinProducer third = closer.closeLater(new WebRtcBinProducer(server.uri(), true));
        third.awaitPeerId();
        assertTrue(GstTesting.await(TIMEOUT, () -> c.flowing(third) || !c.errors.isEmpty()), c + "\n" + third);
        System.out.println("third producer joined -> flowing after " + millisSince(joined) + " ms");
        assertEquals(List.of("audio_0", "video_0"), c.pads(third), c.toString());
        assertEquals(List.of("audio_0", "audio_1", "video_0", "video_1"), c.exposedPads());
        assertTrue(c.frames(staying) > stayingBefore, c.toString());
        assertEquals(2, sessionsIn(c), c.toString());
        assertEquals(List.of(), c.errors);
        assertEquals(List.of(), c.warnings);

        // NULL ends every session (telling the producers) and leaves nothing behind
        c.pipeline.setState(State.NULL);
        assertTrue(c.src.dump().contains("no session"), c.src.dump());
        assertEquals(List.of(), c.exposedPads());
        assertTrue(staying.ended.await(10, java.util.concurrent.TimeUnit.SECONDS), "producer told: " + staying);
        assertTrue(third.ended.await(10, java.util.concurrent.TimeUnit.SECONDS), "producer told: " + third);
        c.close();
        closer.forget(c);
        assertTrue(GstTesting.awaitWithGc(Duration.ofSeconds(10),
                () -> JavaObject.liveInstances() <= javaObjects && controlThreads() == 0
                        && StreamStartRewriter.liveProbes() == 0),
                "Java GObjects " + JavaObject.liveInstances() + " (before " + javaObjects + "), control threads "
                        + controlThreads() + ", stream-id probes " + StreamStartRewriter.liveProbes());
    }

    private static int sessionsIn(MultiConsumer c) {
        return (int) c.src.dump().lines().filter(l -> l.strip().startsWith("session ")).count();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static long controlThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("webrtcsrc-control")).count();
    }
}
