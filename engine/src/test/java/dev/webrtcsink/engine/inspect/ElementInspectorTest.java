package dev.webrtcsink.engine.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.engine.WebRTC;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.freedesktop.gstreamer.ElementFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ElementInspectorTest {

    @BeforeAll
    static void register() {
        WebRTC.register();
    }

    /** Lines of the real gst-inspect-1.0 output for a property, to compare ours with. */
    private static String gstInspect(String element) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("gst-inspect-1.0", element).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "gst-inspect-1.0 finished");
        return out.replaceAll("\u001B\\[[0-9;]*m", ""); // drop colours, if any
    }

    @Test
    void describesAnInstalledElementLikeGstInspect() throws Exception {
        String ours = ElementInspector.describe("fakesink").orElseThrow();
        String theirs = gstInspect("fakesink");
        for (String line : List.of(
                "  SINK template: 'sink'",
                "  can-activate-pull   : Can activate in pull mode",
                "                        Integer. Range: -1 - 2147483647 Default: -1 ",
                "  silent              : Don't produce last_message events")) {
            assertTrue(theirs.contains(line), "gst-inspect-1.0 prints: " + line);
            assertTrue(ours.contains(line), "we print: " + line + "\n" + ours);
        }
        assertTrue(ours.contains("\"handoff\""), ours);
    }

    @Test
    void describesEveryPropertyAndChildPropertyOfWebrtcsink() {
        String text = ElementInspector.describe("webrtcsink").orElseThrow();
        var factory = ElementFactory.find("webrtcsink");
        var element = factory.create("inspected");
        try {
            // every GObject property of the element appears as "  name  : blurb"
            for (String property : Stream.of("stun-server", "turn-servers", "video-caps", "audio-caps",
                    "congestion-control", "min-bitrate", "max-bitrate", "start-bitrate", "do-fec",
                    "do-retransmission", "meta", "ice-transport-policy", "stats", "run-signalling-server",
                    "signalling-server-port", "run-web-server", "web-server-host-addr").toList()) {
                assertTrue(text.contains("\n  " + property + " ") || text.contains("\n  " + property + ":"),
                        "lists " + property);
            }
            assertTrue(text.contains("signaller::uri"), text);
            assertTrue(text.contains("SINK template: 'video_%u'"), text);
            assertTrue(text.contains("\"consumer-added\""), text);
            assertTrue(text.contains("\"get-sessions\""), text);
        } finally {
            element.dispose();
        }
    }

    @Test
    void listsOurFactoriesAndRejectsUnknownNames() {
        List<ElementInspector.FactorySummary> ours = ElementInspector.factories(true);
        assertTrue(ours.stream().anyMatch(f -> f.name().equals("webrtcsink") && f.registeredByProcess()), ours.toString());
        assertTrue(ours.stream().allMatch(ElementInspector.FactorySummary::registeredByProcess));
        assertEquals(java.util.Optional.empty(), ElementInspector.describe("no-such-element-anywhere"));
    }
}
