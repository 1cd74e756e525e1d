package dev.webrtcsink.engine.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.webrtcsink.engine.testing.BrowserScript;
import dev.webrtcsink.engine.testing.ServerFixture;
import dev.webrtcsink.server.SignallingServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in viewer page in real headless Chromium: served by {@link WebServer} (which tells it the signalling
 * URL through config.js), it must list a producer registered on our {@link SignallingServer} by its meta name and,
 * once clicked, play it (more than 30 video frames decoded).
 *
 * <p>The browser side is {@code scripts/browser/page-smoke.mjs}; the producer is a gstwebrtc-api page streaming
 * Chromium's fake camera. Skipped, saying why, when Chromium or the npm packages ({@code scripts/setup}) or the
 * bundle in the build are missing.
 */
@Tag("browser")
class ViewerPageBrowserTest {
    private static final String HARNESS = "scripts/browser/page-smoke.mjs";
    private static final int MIN_FRAMES = 30;
    /** page-smoke.mjs bounds each step itself; this is the backstop for a wedged node process. */
    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(150);

    @Test
    @Timeout(value = 200, unit = TimeUnit.SECONDS)
    void pageListsTheProducerByNameAndPlaysItWhenClicked(@TempDir Path tmp) throws Exception {
        BrowserScript.requireHarness(HARNESS);
        SignallingServer signalling = ServerFixture.startLoopback();
        String wsUrl = "ws://127.0.0.1:" + signalling.port();
        try (WebServer web = WebServer.builder().host("127.0.0.1").port(0).signallingUrl(wsUrl).build().start()) {
            assumeTrue(web.hasBundle(), "skipped: the build has no gstwebrtc-api bundle; run scripts/setup and rebuild");
            BrowserScript.Result run = BrowserScript.run(HARNESS, PROCESS_TIMEOUT, tmp, web.uri(), wsUrl,
                    "--frames", Integer.toString(MIN_FRAMES));
            String report = "page-smoke.mjs " + web.uri() + " " + wsUrl + "\n" + run.report();
            assertEquals(0, run.exitCode(), () -> "viewer page smoke test failed:\n" + report);
            String result = run.verdict();
            System.out.println("viewer page: " + result);
            assertTrue(result.startsWith("{\"ok\":true"), () -> "not ok:\n" + report);
            // the page used the URL the server injected, and said it was connected
            assertTrue(result.contains("\"shownSignallingUrl\":\"" + wsUrl + "\""), report);
            assertTrue(result.contains("\"shownConnection\":\"connected as "), report);
            assertTrue(result.contains("\"sessionState\":\"streaming\""), report);
            int frames = Integer.parseInt(result.replaceAll(".*\"framesDecoded\":(\\d+).*", "$1"));
            assertTrue(frames > MIN_FRAMES, report);
        } finally {
            signalling.stop();
        }
    }
}
