package dev.webrtcsink.engine.sink.element;

import static dev.webrtcsink.engine.sink.element.SinkTestSupport.assertReceives;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.engine.sink.element.SinkTestSupport.Producer;
import dev.webrtcsink.engine.testing.Closer;
import dev.webrtcsink.engine.testing.GstTesting;
import dev.webrtcsink.engine.testing.ServerFixture;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.glib.Natives;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** webrtcsink end to end: pipeline strings, a real signalling server on loopback, webrtcbin consumers. */
class WebRTCSinkElementTest {
    @RegisterExtension
    static final ServerFixture server = new ServerFixture();
    @RegisterExtension
    final Closer closer = new Closer();

    @BeforeAll
    static void init() {
        SinkTestSupport.init();
    }

    private SignallingConsumer consumer(String name, String producerId, String codec) {
        return closer.closeLater(new SignallingConsumer(name, server.uri(), producerId, codec, true));
    }

    @Test
    void vp8AndOpusReachAConsumer() throws Exception {
        Producer p = closer.closeLater(Producer.standard(server.uri(), "video-caps=video/x-vp8"));
        List<String> added = new CopyOnWriteArrayList<>();
        p.sink.connect("consumer-added", args -> added.add((String) args[1]));
        String producerId = p.playAndRegister();
        SignallingConsumer c = consumer("vp8", producerId, "VP8");
        assertReceives(c, 30, p);
        assertTrue(c.offer.contains("VP8/90000") && c.offer.contains("OPUS/48000"), c.offer);
        String[] sessions = (String[]) p.sink.emit("get-sessions");
        assertArrayEquals(new String[] {c.sessionId}, sessions);
        assertEquals(1, added.size(), "consumer-added once: " + added);
        String stats = p.sink.getString("stats");
        assertTrue(stats.startsWith("application/x-webrtcsink-stats") && stats.contains(c.sessionId), stats);
        assertTrue(p.errors.isEmpty(), p.errors.toString());
    }

    @Test
    void requestEncodedFilterInsertsTheApplicationsElement() throws Exception {
        Producer p = closer.closeLater(Producer.standard(server.uri(), "video-caps=video/x-vp8"));
        List<String> requests = new CopyOnWriteArrayList<>();
        List<Element> filters = new CopyOnWriteArrayList<>();
        p.sink.connect("request-encoded-filter", args -> {
            String caps = Natives.objectFor((com.sun.jna.Pointer) args[3], Caps.class, true, true).toString();
            requests.add(args[1] + " " + args[2] + " " + caps);
            if (!String.valueOf(args[2]).startsWith("video")) {
                return null; // audio: no filter
            }
            Element identity = ElementFactory.make("identity", "my-encoded-filter");
            filters.add(identity);
            return Natives.getRawPointer(identity);
        });
        String producerId = p.playAndRegister();
        SignallingConsumer c = consumer("filtered", producerId, "VP8");
        assertReceives(c, 30, p);
        assertTrue(requests.stream().anyMatch(r -> r.contains(" video_0 video/x-vp8")),
                requests.toString());
        assertTrue(requests.stream().anyMatch(r -> r.contains(" audio_0 audio/x-opus")), requests.toString());
        assertEquals(1, filters.size(), requests.toString());
        // the element sits in the consumer's pipeline, between encoder and payloader, carrying the stream
        Element filter = filters.get(0);
        assertTrue(filter.getParent() != null, "the filter was added to the consumer pipeline");
        assertTrue(filter.getStaticPad("src").getPeer().getParentElement().getName().startsWith("payloader-video_0"),
                "the filter feeds the payloader");
    }

    @Test
    void twoConsumersAtOnceAndOneLeavingDoesNotDisturbTheOther() throws Exception {
        Producer p = closer.closeLater(Producer.standard(server.uri(), "video-caps=video/x-vp8"));
        List<String> removed = new CopyOnWriteArrayList<>();
        p.sink.connect("consumer-removed", args -> removed.add((String) args[1]));
        String producerId = p.playAndRegister();
        SignallingConsumer first = consumer("first", producerId, "VP8");
        SignallingConsumer second = consumer("second", producerId, "VP8");
        assertReceives(first, 20, p);
        assertReceives(second, 20, p);
        assertEquals(2, p.sink.controller().getSessions().size());

        first.leave();
        assertTrue(GstTesting.await(SinkTestSupport.MEDIA_TIMEOUT, () -> p.sink.controller().getSessions().size() == 1),
                p.sink.dump());
        // consumer-removed is emitted on the control thread around the session's removal: wait for it too
        assertTrue(GstTesting.await(SinkTestSupport.MEDIA_TIMEOUT, () -> removed.size() == 1), removed.toString());
        assertEquals(1, removed.size(), removed.toString());
        assertReceives(second, 30, p);
        assertTrue(p.errors.isEmpty(), p.errors.toString());
    }

    @Test
    void garbageAnswerEndsOnlyThatSession() throws Exception {
        Producer p = closer.closeLater(Producer.standard(server.uri(), "video-caps=video/x-vp8"));
        String producerId = p.playAndRegister();
        SignallingConsumer good = consumer("good", producerId, "VP8");
        assertReceives(good, 10, p);

        SignallingConsumer bad = new SignallingConsumer("bad", server.uri(), producerId, "VP8", true);
        bad.garbageAnswer = "v=0 this is not an answer";
        closer.closeLater(bad);
        assertTrue(bad.ended.await(SinkTestSupport.MEDIA_TIMEOUT.toSeconds(), TimeUnit.SECONDS), bad.toString());
        assertTrue(bad.endError != null && !bad.endError.isEmpty(), "ended with an error: " + bad);
        assertTrue(GstTesting.await(SinkTestSupport.MEDIA_TIMEOUT,
                () -> p.sink.controller().getSessions().equals(List.of(good.sessionId))), p.sink.dump());
        assertReceives(good, 30, p);
        assertTrue(p.errors.isEmpty(), "a bad consumer is not an element error: " + p.errors);
    }

    @Test
    void h264RoundTripThroughTheElement() throws Exception {
        Producer p = closer.closeLater(Producer.standard(server.uri(), "video-caps=video/x-h264"));
        String producerId = p.playAndRegister();
        SignallingConsumer c = consumer("h264", producerId, "H264");
        assertReceives(c, 20, p);
        assertTrue(c.offer.contains("H264/90000"), c.offer);
    }

    @Test
    void refusedCapsChangeFailsTheEventAndKeepsStreaming() throws Exception {
        Producer p = closer.closeLater(Producer.standard(server.uri(), "video-caps=video/x-vp8"));
        String producerId = p.playAndRegister(); // registered: every input has caps
        // before any consumer taps the tee, so GStreamer's accept-caps check lets the event reach the element
        org.freedesktop.gstreamer.Pad pad = p.pipeline.getElementByName("ws").getStaticPad("video_0");
        boolean accepted = pad.sendEvent(new org.freedesktop.gstreamer.event.CapsEvent(
                org.freedesktop.gstreamer.Caps.fromString("video/x-vp8, width=320, height=240")));
        assertTrue(!accepted, "a media type change is refused");
        assertTrue(GstTesting.await(SinkTestSupport.MEDIA_TIMEOUT,
                () -> p.warnings.stream().anyMatch(w -> w.contains("Renegotiation is not supported"))), p.warnings.toString());

        SignallingConsumer c = consumer("caps", producerId, "VP8");
        assertReceives(c, 20, p);
        assertEquals(1, c.offer.split("m=video").length - 1, "one video m-line: " + c.offer);
        assertTrue(p.errors.isEmpty(), p.errors.toString());
    }

    @Test
    void endOfAllInputsIsEndOfStream() throws Exception {
        Producer p = closer.closeLater(new Producer("videotestsrc is-live=true num-buffers=20 "
                + "! video/x-raw,width=160,height=120 ! webrtcsink name=ws signaller::uri=" + server.uri()
                + " stun-server=\"\" audiotestsrc is-live=true num-buffers=10 ! ws."));
        p.pipeline.play();
        assertTrue(GstTesting.await(SinkTestSupport.MEDIA_TIMEOUT, () -> p.eos), p.sink.dump());
        assertTrue(p.errors.isEmpty(), p.errors.toString());
    }

    @Test
    void padAddedWhileRunningReachesLaterConsumers() throws Exception {
        Producer p = closer.closeLater(new Producer("videotestsrc is-live=true ! video/x-raw,width=320,height=240 "
                + "! webrtcsink name=ws video-caps=video/x-vp8 signaller::uri=" + server.uri() + " stun-server=\"\""));
        p.pipeline.play();
        org.freedesktop.gstreamer.Bin audio = org.freedesktop.gstreamer.Gst.parseBinFromDescription(
                "audiotestsrc is-live=true ! capsfilter caps=\"audio/x-raw, rate=(int)48000, channels=(int)2\"", true);
        p.pipeline.add(audio);
        assertTrue(audio.link(p.pipeline.getElementByName("ws")), "audio pad requested while PLAYING");
        audio.syncStateWithParent();
        String producerId = p.playAndRegister();
        SignallingConsumer c = consumer("late-pad", producerId, "VP8");
        assertReceives(c, 20, p);
    }

    @Test
    void embeddedSignallingServerServesConsumers() throws Exception {
        int port = SinkTestSupport.freePort();
        Producer p = closer.closeLater(Producer.standard("ws://127.0.0.1:1",
                "video-caps=video/x-vp8 run-signalling-server=true "
                        + "signalling-server-host=0.0.0.0 signalling-server-port=" + port));
        String producerId = p.playAndRegister();
        assertEquals("ws://127.0.0.1:" + port + "/", p.sink.signallerObject().get("uri"), "signaller pointed at it");
        SignallingConsumer c = closer.closeLater(
                new SignallingConsumer("embedded", "ws://127.0.0.1:" + port, producerId, "VP8", true));
        assertReceives(c, 20, p);

        // a second element on the same port cannot bind: a clear error and a failed state change
        Producer clash = closer.closeLater(Producer.standard("ws://127.0.0.1:" + port, "run-signalling-server=true "
                + "signalling-server-port=" + port));
        assertEquals(org.freedesktop.gstreamer.StateChangeReturn.FAILURE, clash.pipeline.play());
        assertTrue(GstTesting.await(SinkTestSupport.MEDIA_TIMEOUT,
                () -> clash.errors.stream().anyMatch(e -> e.startsWith("Failed to start signalling server: "))),
                clash.errors.toString());

        // PAUSED->READY stops the server: the port is free again
        p.pipeline.setState(org.freedesktop.gstreamer.State.READY);
        try (java.net.ServerSocket again = new java.net.ServerSocket(port)) {
            assertEquals(port, again.getLocalPort());
        }
    }
}
