package dev.webrtcsink.engine.src;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.webrtcsink.engine.launch.PipelineRunner;
import dev.webrtcsink.engine.natives.GstLib;
import dev.webrtcsink.engine.natives.NativeSupport;
import dev.webrtcsink.engine.sink.element.WebRTCSink;
import dev.webrtcsink.engine.testing.GstTesting;
import dev.webrtcsink.server.SignallingServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gstwebrtc:// URI handler: unit behaviour, and playbin3 picking webrtcsrc by protocol. */
class WebRTCSrcUriTest {

    /** GstURIHandler calls (not needed by product code). */
    interface UriLib extends Library {
        UriLib LIB = Native.load("gstreamer-1.0", UriLib.class);
        Pointer gst_element_make_from_uri(int type, String uri, String name, PointerByReference error);
        boolean gst_uri_handler_set_uri(Pointer handler, String uri, PointerByReference error);
        Pointer gst_uri_handler_get_uri(Pointer handler);
        Pointer gst_element_get_factory(Pointer element);
    }

    /** GError { GQuark domain; gint code; gchar *message; }. */
    private static String message(PointerByReference error) {
        Pointer e = error.getValue();
        return e == null ? null : e.getPointer(8).getString(0);
    }

    @BeforeAll
    static void init() {
        SrcTestSupport.init();
    }

    @Test
    void uriSetsTheSignallerAndGstElementMakeFromUriPicksWebrtcsrc() {
        PointerByReference error = new PointerByReference();
        Pointer src = UriLib.LIB.gst_element_make_from_uri(2, "gstwebrtc://127.0.0.1:8443?peer-id=abc", "u", error);
        assertNotNull(src, "no element for gstwebrtc:// " + message(error));
        try {
            String factory = NativeSupport.objectName(UriLib.LIB.gst_element_get_factory(src));
            assertEquals("webrtcsrc", factory);
            assertEquals("ws://127.0.0.1:8443/?peer-id=abc", NativeSupport.takeString(UriLib.LIB.gst_uri_handler_get_uri(src)));
            WebRTCSrcElement element = dev.webrtcsink.engine.element.JavaObject.fromPointer(src, WebRTCSrcElement.class)
                    .orElseThrow();
            assertEquals("abc", element.signallerObject().get("producer-peer-id"));

            assertTrue(UriLib.LIB.gst_uri_handler_set_uri(src, "gstwebrtcs://example.org:443/x?peer-id=p2", error),
                    message(error));
            assertEquals("wss://example.org:443/x?peer-id=p2", element.signallerObject().get("uri"));
            assertEquals("stun://stun.l.google.com:19302", element.get("stun-server"), "upstream's default");

            // our extension: the URI can turn STUN off (or pick a server), as pipeline users can
            assertTrue(UriLib.LIB.gst_uri_handler_set_uri(src, "gstwebrtc://127.0.0.1:8443?peer-id=p3&stun-server=",
                    error), message(error));
            assertEquals(null, element.get("stun-server"));
            assertTrue(UriLib.LIB.gst_uri_handler_set_uri(src,
                    "gstwebrtc://127.0.0.1:8443?peer-id=p3&stun-server=stun%3A%2F%2F127.0.0.1%3A3478", error), message(error));
            assertEquals("stun://127.0.0.1:3478", element.get("stun-server"));

            PointerByReference bad = new PointerByReference();
            assertFalse(UriLib.LIB.gst_uri_handler_set_uri(src, "http://example.org", bad));
            // GStreamer checks the protocol list before calling us
            assertEquals("URI scheme 'http' not supported", message(bad));
        } finally {
            GstLib.LIB.gst_object_unref(src);
        }
    }

    @Test
    void playbin3PlaysAGstwebrtcUri() throws Exception {
        SignallingServer server = SrcTestSupport.startServer();
        // the producer a gstwebrtc:// URI usually points at: webrtcsink (VP8 + Opus)
        Pipeline producerPipeline = (Pipeline) Gst.parseLaunch("videotestsrc is-live=true "
                + "! video/x-raw,width=320,height=240,framerate=30/1 ! webrtcsink name=ws stun-server=\"\" "
                + "video-caps=video/x-vp8 audio-caps=audio/x-opus signaller::uri=ws://127.0.0.1:" + server.port()
                + " audiotestsrc is-live=true ! ws.");
        try (AutoCloseable producer = () -> {
            producerPipeline.setState(State.NULL);
            producerPipeline.dispose();
        }) {
            producerPipeline.play();
            WebRTCSink sink = WebRTCSink.of(producerPipeline.getElementByName("ws"));
            assertTrue(GstTesting.await(SrcTestSupport.MEDIA_TIMEOUT, () -> sink.signaller().get("client-id") != null),
                    sink.dump());
            String producerId = (String) sink.signaller().get("client-id");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PipelineRunner runner = new PipelineRunner(new PipelineRunner.Options(true, false, false),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            AtomicInteger status = new AtomicInteger(-1);
            String description = "playbin3 uri=gstwebrtc://127.0.0.1:" + server.port() + "?peer-id=" + producerId
                    + " video-sink=\"fakesink name=vsink silent=false sync=false\" audio-sink=\"fakesink sync=false\"";
            Thread thread = new Thread(() -> status.set(runner.run(description)), "playbin3-runner");
            long start = System.nanoTime();
            thread.start();
            Pattern chain = Pattern.compile("GstFakeSink:vsink: last-message = chain[^\\n]*");
            boolean enough = GstTesting.await(SrcTestSupport.MEDIA_TIMEOUT,
                    () -> count(chain, out.toString(StandardCharsets.UTF_8)) > 30 || status.get() >= 0);
            long millis = (System.nanoTime() - start) / 1_000_000;
            runner.stop(5);
            thread.join(Duration.ofSeconds(30).toMillis());
            String printed = out.toString(StandardCharsets.UTF_8);
            assertTrue(enough, "video frames at the fakesink within " + SrcTestSupport.MEDIA_TIMEOUT + "\n"
                    + tail(printed) + "\n" + err.toString(StandardCharsets.UTF_8) + "\n" + sink.dump());
            assertFalse(thread.isAlive(), "runner stopped");
            System.out.println("playbin3 gstwebrtc:// -> " + count(chain, printed) + " video frames at the sink in "
                    + millis + " ms");
        } finally {
            server.stop();
        }
    }

    private static int count(Pattern p, String text) {
        Matcher m = p.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** The interesting part of -v output: our element's pads and sinks, not the NULL caps of webrtcbin internals. */
    private static String tail(String s) {
        String relevant = String.join("\n", s.lines()
                .filter(l -> !l.contains("caps = \"NULL\"") && !l.contains("webrtcbin-") || l.contains("ERROR"))
                .filter(l -> !l.matches("[A-Za-z0-9+/=-]{20,}.*"))
                .map(l -> l.length() > 300 ? l.substring(0, 300) : l).toList());
        return relevant.length() < 8000 ? relevant : relevant.substring(relevant.length() - 8000);
    }
}
