package dev.webrtcsink.engine.sink.element;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.engine.sink.element.SinkTestSupport.Producer;
import dev.webrtcsink.engine.testing.GstTesting;
import java.util.List;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.GstException;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.StateChangeReturn;
import org.freedesktop.gstreamer.glib.Natives;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** webrtcsink's registration, properties and their pipeline-string forms; no media flows here. */
class WebRTCSinkPropertiesTest {

    @BeforeAll
    static void gst() {
        SinkTestSupport.init();
    }

    @Test
    void registeredWithSpecDefaults() {
        ElementFactory factory = ElementFactory.find("webrtcsink");
        assertNotNull(factory, "webrtcsink registered from the default signaller factory");
        Element e = ElementFactory.make("webrtcsink", "defaults");
        try {
            assertEquals("GstJavaWebRTCSink", e.getTypeName());
            WebRTCSinkElement sink = SinkTestSupport.javaSide(e);
            assertEquals("video/x-vp8; video/x-h264; video/x-vp9; video/x-h265; video/x-av1", sink.get("video-caps"));
            assertEquals("stun://stun.l.google.com:19302", e.get("stun-server"));
            assertEquals(8_192_000, ((Number) e.get("max-bitrate")).intValue());
            assertEquals(1000, ((Number) e.get("min-bitrate")).intValue());
            assertEquals(2_048_000, ((Number) e.get("start-bitrate")).intValue());
            assertEquals(true, e.get("do-fec"), "default TRUE reaches GObject");
            assertEquals(true, e.get("do-retransmission"));
            assertEquals("disabled", sink.get("congestion-control"));
            assertEquals("all", sink.get("ice-transport-policy"));
            assertEquals(8443L, sink.get("signalling-server-port"));
            assertEquals("0.0.0.0", e.get("signalling-server-host"));
            assertEquals("http://127.0.0.1:8080/", e.get("web-server-host-addr"));
            assertEquals("gstwebrtc-api/dist", e.get("web-server-directory"));
            assertEquals(false, e.get("run-signalling-server"));
            assertTrue(sink.getString("stats").startsWith("application/x-webrtcsink-stats"));
            assertEquals("ws://127.0.0.1:8443/", sink.signallerObject().get("uri"));
            assertEquals("producer", sink.signallerObject().get("role"));
            assertEquals(java.util.List.of("video_%u", "audio_%u"), factory.getStaticPadTemplates().stream()
                    .map(t -> t.getName()).toList());
        } finally {
            e.dispose();
        }
    }

    @Test
    void pipelineStringRoundTripIncludingTheSignallerChild() {
        Pipeline p = (Pipeline) Gst.parseLaunch("fakesink webrtcsink name=ws max-bitrate=1000000 do-fec=false "
                + "ice-transport-policy=relay congestion-control=disabled meta=\"meta,name=(string)cam,n=(int)3\" "
                + "video-caps=video/x-vp8 stun-server=\"\" "
                + "turn-servers=\"<\\\"turn://u:p@127.0.0.1:3478\\\", \\\"turns://v:q@127.0.0.1:5349\\\">\" "
                + "signalling-server-port=9000 web-server-host-addr=http://localhost:9090 "
                + "signaller::uri=ws://127.0.0.1:9999 signaller::insecure-tls=true");
        try {
            Element e = p.getElementByName("ws");
            WebRTCSinkElement sink = SinkTestSupport.javaSide(e);
            assertEquals(1_000_000, ((Number) e.get("max-bitrate")).intValue());
            assertEquals(false, e.get("do-fec"));
            assertEquals("relay", sink.get("ice-transport-policy"));
            assertEquals("video/x-vp8", sink.get("video-caps"));
            assertEquals("", e.get("stun-server"));
            // a GstValueArray of strings, as upstream's: read back through GLib, not our store
            assertEquals(List.of("turn://u:p@127.0.0.1:3478", "turns://v:q@127.0.0.1:5349"),
                    dev.webrtcsink.engine.natives.ObjectProperties.get(Natives.getRawPointer(e), "turn-servers"));
            assertEquals(9000L, sink.get("signalling-server-port"));
            assertEquals("http://localhost:9090/", e.get("web-server-host-addr"), "normalised like upstream");
            assertTrue(sink.getString("meta").contains("cam"), sink.getString("meta"));
            assertEquals("ws://127.0.0.1:9999/", sink.signallerObject().get("uri"));
            assertEquals(true, sink.signallerObject().get("insecure-tls"));
            assertEquals("ws://127.0.0.1:9999/", sink.signallerObject().signaller().get("uri"), "the signaller itself");
        } finally {
            p.dispose();
        }
    }

    @Test
    void unknownPropertiesAndBadValuesAreParseErrors() {
        assertTrue(parseError("webrtcsink no-such-property=1").contains("no-such-property"));
        assertTrue(parseError("webrtcsink congestion-control=fastest").contains("fastest"));
        assertTrue(parseError("webrtcsink signaller::no-such-property=1").contains("no-such-property"));
        assertTrue(parseError("webrtcsink video-caps=\"not caps (\"").contains("video-caps"));
    }

    /** The parse error of a description that must not parse cleanly. */
    private static String parseError(String description) {
        java.util.List<org.freedesktop.gstreamer.glib.GError> errors = new java.util.ArrayList<>();
        Element parsed = null;
        try {
            parsed = Gst.parseLaunch(description, errors);
        } catch (GstException e) {
            return e.getMessage();
        } finally {
            if (parsed != null) {
                parsed.dispose();
            }
        }
        assertTrue(!errors.isEmpty(), "no parse error for " + description);
        return errors.get(0).getMessage();
    }

    @Test
    void unimplementedCongestionControlFailsClearlyInsteadOfStreamingWithoutIt() throws Exception {
        try (Producer p = new Producer("videotestsrc is-live=true ! webrtcsink name=ws congestion-control=gcc "
                + "signaller::uri=ws://127.0.0.1:9 stun-server=\"\"")) {
            assertEquals("gcc", p.sink.get("congestion-control"), "reads back what was asked");
            assertEquals(StateChangeReturn.FAILURE, p.pipeline.play());
            assertTrue(GstTesting.await(SinkTestSupport.MEDIA_TIMEOUT,
                    () -> p.errors.stream().anyMatch(m -> m.contains("congestion-control 'gcc' is not implemented"))),
                    p.errors.toString());
        }
    }

    @Test
    void javaBuilderMakesAConfiguredElement() {
        WebRTCSink sink = WebRTCSink.builder().name("built").videoCaps("video/x-vp8").stunServer(null)
                .maxBitrate(500_000).signallerProperty("uri", "ws://127.0.0.1:7777").build();
        try {
            Element e = sink.element();
            assertEquals("built", e.getName());
            assertEquals(500_000, ((Number) e.get("max-bitrate")).intValue());
            assertNull(e.get("stun-server"));
            assertEquals("ws://127.0.0.1:7777/", sink.signaller().get("uri"));
            assertTrue(sink.sessions().isEmpty());
            assertTrue(sink.dump().contains("GstJavaWebRTCSink"), sink.dump());
            assertThrows(IllegalArgumentException.class, () -> WebRTCSink.builder().maxBitrate(0).build());
            assertThrows(IllegalArgumentException.class, () -> WebRTCSink.builder().variant("nosuchsink").build());
        } finally {
            sink.element().setState(State.NULL);
            sink.element().dispose();
        }
    }
}
