package dev.webrtcsink.engine.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.webrtcsink.engine.testing.GstTesting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ElementInspectorTest {

    @BeforeAll
    static void register() {
        GstTesting.init();
        InspectTestSink.TYPE.register();
    }

    @Test
    void fakesinkPropertiesPadsAndSignalsMatchGstInspect() throws Exception {
        String ours = ElementInspector.describe("fakesink").orElseThrow();
        String reference = gstInspect("fakesink");
        // everything from the pad templates to the end; the header differs only in the plugin's file path
        // (gst-inspect reports the registry cache's spelling of it)
        assertEquals(fromLine(reference, "Pad Templates:"), fromLine(ours, "Pad Templates:"));
        assertTrue(ours.startsWith("Factory Details:\n  Rank                     none (0)\n  Long-name                Fake Sink\n"),
                ours);
        // a few lines spelled out, so a change on both sides is still noticed
        assertContainsLines(ours,
                "  blocksize           : Size in bytes to pull per buffer (0 = default)",
                "                        Unsigned Integer. Range: 0 - 4294967295 Default: 4096 ",
                "                        Integer64. Range: -1 - 9223372036854775807 Default: -1 ",
                "                        Enum \"GstFakeSinkStateError\" Default: 0, \"none\"",
                "                        flags: readable, writable, changeable in NULL, READY, PAUSED or PLAYING state",
                "  \"handoff\" :  void user_function (GstElement* object,");
    }

    @Test
    void floatsEnumsFlagsAndUriHandlersMatchGstInspect() throws Exception {
        for (String factory : List.of("volume", "playbin", "filesrc", "capsfilter")) {
            assertEquals(fromLine(gstInspect(factory), "Pad Templates:"),
                    fromLine(ElementInspector.describe(factory).orElseThrow(), "Pad Templates:"), factory);
        }
    }

    @Test
    void javaDefinedElementShowsPropertiesTemplatesSignalsAndChildProperties() {
        String text = ElementInspector.describe("inspecttestsink").orElseThrow();
        assertContainsLines(text,
                "  Long-name                Inspector test sink",
                "  Name                     (none: registered by this process)",
                "                         +----GstInspectTestSink",
                "Implemented Interfaces:",
                "  GstChildProxy",
                "  SINK template: 'audio_%u'",
                "    Availability: On request",
                "      audio/x-opus",
                "  SINK template: 'video_%u'",
                "      video/x-raw",
                "      video/x-vp8",
                "  max-bitrate         : Maximum bitrate",
                "                        flags: readable, writable, changeable only in NULL or READY state",
                "                        Unsigned Integer. Range: 1 - 4294967295 Default: 8192000 ",
                "                        Double. Range:               0 -             2.5 Default:            0.25 ",
                "                        Enum \"GstInspectTestPolicy\" Default: 0, \"all\"",
                "                           (1): relay            - Relay only",
                "                                                   video/x-vp8",
                "                                                   video/x-h264",
                "  signaller           : The signaller",
                "                        Object of type \"GstInspectTestSignaller\"",
                "Element Signals:",
                "  \"consumer-added\" :  void user_function (GstElement* object,",
                "                                          gchararray arg0,",
                "                                          GstElement* arg1,",
                "                                          gpointer user_data);",
                "Element Actions:",
                "  \"get-sessions\" :  GStrv* user_function (GstElement* object);",
                "  signaller: GstInspectTestSignaller",
                "  signaller::reconnect-attempts: How often to reconnect",
                "                        Unsigned Integer. Range: 0 - 100 Default: 3 ",
                "  signaller::uri      : URI of the server",
                "                        String. Default: \"ws://127.0.0.1:8443\"");
        assertTrue(text.indexOf("Element Signals:") < text.indexOf("Element Actions:"), text);
        assertFalse(text.contains("\"get-sessions\" :  void"), text); // an action, with its return type
    }

    @Test
    void listsOnlyFactoriesThisProcessRegisteredUnlessAskedForAll() {
        List<String> ours = ElementInspector.factories(true).stream().map(ElementInspector.FactorySummary::name).toList();
        assertTrue(ours.contains("inspecttestsink"), ours.toString());
        assertFalse(ours.contains("fakesink"), ours.toString());
        var all = ElementInspector.factories(false);
        assertTrue(all.stream().anyMatch(f -> f.name().equals("fakesink") && "coreelements".equals(f.plugin())));
        assertTrue(all.stream().anyMatch(f -> f.name().equals("inspecttestsink") && f.registeredByProcess()));
    }

    @Test
    void unknownElementIsEmpty() {
        assertTrue(ElementInspector.describe("no-such-element-anywhere").isEmpty());
    }

    @Test
    void cFormatMatchesPrintfG() {
        assertEquals("              1", CFormat.g(1.0, 15, 7));
        assertEquals("0.25", CFormat.g(0.25, 7));
        assertEquals("1.797693e+308", CFormat.g(Double.MAX_VALUE, 7));
        assertEquals("-1.797693e+308", CFormat.g(-Double.MAX_VALUE, 7));
        assertEquals("1e-05", CFormat.g(0.00001, 7));
        assertEquals("0.0001", CFormat.g(0.0001, 7));
        assertEquals("1234568", CFormat.g(1234567.8, 7));
        assertEquals("1.234568e+07", CFormat.g(12345678, 7));
    }

    private static void assertContainsLines(String text, String... lines) {
        List<String> actual = text.lines().toList();
        for (String line : lines) {
            assertTrue(actual.contains(line), () -> "missing line [" + line + "] in:\n" + text);
        }
    }

    private static String fromLine(String text, String start) {
        int i = text.indexOf("\n" + start + "\n");
        assertTrue(i >= 0, () -> "no " + start + " in:\n" + text);
        return text.substring(i + 1);
    }

    private static String gstInspect(String factory) throws IOException, InterruptedException {
        Path tool = Path.of("/usr/bin/gst-inspect-1.0");
        assumeTrue(Files.isExecutable(tool), "gst-inspect-1.0 is not installed");
        Process p = new ProcessBuilder(tool.toString(), factory)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "gst-inspect-1.0 " + factory);
        return new String(out, StandardCharsets.UTF_8);
    }
}
