package dev.webrtcsink.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InspectTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Inspect.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void describesAnyGStreamerElement() {
        assertEquals(Inspect.OK, run("fakesink"));
        assertTrue(out().startsWith("Factory Details:\n"), out());
        assertTrue(out().contains("\nElement Properties:\n  async               : Go asynchronously to PAUSED\n"), out());
    }

    @Test
    void unknownElementSaysSoAndExitsOne() {
        assertEquals(Inspect.NO_SUCH_ELEMENT, run("no-such-element"));
        assertEquals("No such element or plugin 'no-such-element'\n", err.toString(StandardCharsets.UTF_8));
        assertEquals("", out());
    }

    @Test
    void listsOurFactoriesWithACount() {
        assertEquals(Inspect.OK, run());
        assertTrue(out().contains("Total count: "), out());
        assertTrue(!out().contains("fakesink"), out());
    }

    @Test
    void listsEveryFactoryWithAll() {
        assertEquals(Inspect.OK, run("--all"));
        assertTrue(out().contains("coreelements:  fakesink: Fake Sink\n"), out());
    }

    @Test
    void badUsageExitsTwo() {
        assertEquals(Inspect.USAGE_ERROR, run("--bogus"));
        assertEquals(Inspect.USAGE_ERROR, run("a", "b"));
        assertEquals(Inspect.OK, run("-h"));
        assertTrue(out().startsWith("Usage: webrtc-inspect"), out());
    }
}
