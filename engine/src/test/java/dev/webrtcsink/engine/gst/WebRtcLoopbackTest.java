package dev.webrtcsink.engine.gst;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Pointer;
import dev.webrtcsink.engine.natives.GObjectLib;
import dev.webrtcsink.engine.testing.FrameCounter;
import dev.webrtcsink.engine.testing.GstTesting;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two webrtcbins in one JVM, negotiated through the raw layer only, on loopback without STUN. */
class WebRtcLoopbackTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String TWCC = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    private Pipeline pipeline;
    private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();
    private final ExecutorService control = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-control"));

    @BeforeAll
    static void init() {
        GstTesting.init();
    }

    @AfterEach
    void cleanUp() throws Exception {
        control.shutdownNow();
        control.awaitTermination(10, TimeUnit.SECONDS);
        if (pipeline != null) {
            pipeline.setState(State.NULL);
        }
        for (AutoCloseable c : closeables) {
            c.close();
        }
        if (pipeline != null) {
            pipeline.dispose();
        }
    }

    private WebRtcBin loopbackOnly(Element e) {
        WebRtcBin w = WebRtcBin.of(e);
        closeables.add(w);
        w.disableUpnp();
        w.set("stun-server", null);
        return w;
    }

    @Test
    void vp8AndADataChannelFlowBetweenTwoWebrtcbins() throws Exception {
        pipeline = (Pipeline) Gst.parseLaunch(
                "videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=30/1 "
                        + "! vp8enc deadline=1 ! rtpvp8pay picture-id-mode=15-bit "
                        + "! application/x-rtp,media=video,encoding-name=VP8,payload=96,clock-rate=90000 "
                        + "! webrtcbin name=send bundle-policy=max-bundle webrtcbin name=recv bundle-policy=max-bundle");
        WebRtcBin send = loopbackOnly(pipeline.getElementByName("send"));
        WebRtcBin recv = loopbackOnly(pipeline.getElementByName("recv"));

        // webrtcbin 1.22 answers better with a pre-created recvonly transceiver carrying the TWCC extmap
        Pointer transceiver = recv.addTransceiver(TransceiverDirection.RECVONLY,
                "application/x-rtp,media=video,encoding-name=VP8,payload=96,clock-rate=90000,"
                        + "rtcp-fb-nack-pli=true,rtcp-fb-transport-cc=true,extmap-1=" + TWCC);
        GObjectLib.LIB.g_object_unref(transceiver);

        send.onIceCandidate(recv::addIceCandidate);
        recv.onIceCandidate(send::addIceCandidate);

        AtomicLong frames = new AtomicLong();
        // receiver: every src pad -> decodebin -> queue ! videoconvert ! fakesink, counting decoded frames
        pipeline.getElementByName("recv").connect((Element.PAD_ADDED) (element, pad) -> {
            Element decode = ElementFactory.make("decodebin", null);
            decode.connect((Element.PAD_ADDED) (d, decoded) -> {
                Bin sink = Gst.parseBinFromDescription("queue ! videoconvert ! fakesink name=fs sync=false", true);
                pipeline.add(sink);
                sink.syncStateWithParent();
                decoded.link(sink.getStaticPad("sink"));
                FrameCounter.install(sink.getElementByName("fs").getStaticPad("sink"), frames);
            });
            pipeline.add(decode);
            decode.syncStateWithParent();
            pad.link(decode.getStaticPad("sink"));
        });

        List<String> received = new CopyOnWriteArrayList<>();
        recv.onDataChannel(channel -> {
            closeables.add(channel);
            channel.onMessageString(received::add);
        });
        pipeline.setState(State.READY); // data channels need READY or later
        DataChannel channel = send.createDataChannel("control", null);
        closeables.add(channel);
        channel.onOpen(() -> channel.sendString("{\"type\":\"hello\"}"));

        List<Throwable> failures = new CopyOnWriteArrayList<>();
        send.onNegotiationNeeded(() -> control.execute(() -> {
            try {
                String offer = send.createOffer(TIMEOUT);
                send.setLocalDescription(SdpType.OFFER, offer, TIMEOUT);
                recv.setRemoteDescription(SdpType.OFFER, offer, TIMEOUT);
                String answer = recv.createAnswer(TIMEOUT);
                assertTrue(answer.contains("m=video") && answer.contains("VP8"), answer);
                recv.setLocalDescription(SdpType.ANSWER, answer, TIMEOUT);
                send.setRemoteDescription(SdpType.ANSWER, answer, TIMEOUT);
            } catch (Throwable t) {
                failures.add(t);
            }
        }));

        pipeline.play();
        assertTrue(GstTesting.await(Duration.ofSeconds(30), () -> frames.get() > 30 || !failures.isEmpty()),
                "decoded frames: " + frames.get());
        assertEquals(List.of(), failures);
        assertTrue(GstTesting.await(Duration.ofSeconds(15), () -> !received.isEmpty()), "no data channel message");
        assertEquals(List.of("{\"type\":\"hello\"}"), received);
        assertEquals("control", channel.label());

        try (StatsReport stats = send.getStats(TIMEOUT)) {
            List<StructureReader> outbound = stats.entriesOfType("outbound-rtp");
            assertFalse(outbound.isEmpty(), stats.toString());
            assertTrue(outbound.get(0).uint64("packets-sent").orElse(0) > 0, outbound.get(0).toString());
            assertFalse(stats.entriesOfType("codec").isEmpty());
        }
    }

    @Test
    void descriptionErrorsAreSurfaced() throws Exception {
        pipeline = new Pipeline();
        pipeline.add(ElementFactory.make("webrtcbin", "w"));
        WebRtcBin w = loopbackOnly(pipeline.getElementByName("w"));
        pipeline.setState(State.READY);
        assertThrows(IllegalArgumentException.class, () -> w.setRemoteDescription(SdpType.OFFER, "garbage", TIMEOUT));
        // an answer without any offer is refused by webrtcbin; its message must reach us
        String answer = "v=0\r\no=- 1 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=group:BUNDLE video0\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:video0\r\na=recvonly\r\n"
                + "a=rtpmap:96 VP8/90000\r\n";
        WebRtcException refused = assertThrows(WebRtcException.class,
                () -> w.setRemoteDescription(SdpType.ANSWER, answer, TIMEOUT));
        assertTrue(refused.getMessage().startsWith("set-remote-description failed: "), refused.getMessage());
        // creating an answer with no remote offer fails too
        assertThrows(WebRtcException.class, () -> w.createAnswer(TIMEOUT));
    }
}
