package dev.webrtcsink.engine.sink.element;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.engine.testing.BrowserScript;
import dev.webrtcsink.engine.testing.GstTesting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick-start path, in a real browser: webrtcsink with its embedded signalling server and
 * web server; headless Chromium opens the built-in viewer page, clicks the stream, and must
 * decode video and receive audio ({@code scripts/browser/player.mjs}, upstream gstwebrtc-api).
 */
@Tag("browser")
class WebRTCSinkBrowserTest {
    private static final String HARNESS = "scripts/browser/player.mjs";

    @BeforeAll
    static void init() {
        SinkTestSupport.init();
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void chromiumPlaysTheStreamFromTheBuiltInPage(@TempDir Path tmp) throws Exception {
        BrowserScript.requireHarness(HARNESS);
        int signallingPort = SinkTestSupport.freePort();
        int webPort = SinkTestSupport.freePort();
        try (var producer = new SinkTestSupport.Producer(
                "videotestsrc is-live=true ! video/x-raw,width=320,height=240,framerate=30/1 "
                        + "! webrtcsink name=ws stun-server=\"\" meta=\"meta,name=browser-test-stream\" "
                        + "run-signalling-server=true signalling-server-host=127.0.0.1 signalling-server-port="
                        + signallingPort + " run-web-server=true web-server-host-addr=http://127.0.0.1:" + webPort + "/ "
                        + "audiotestsrc is-live=true ! ws.")) {
            String producerId = producer.playAndRegister();

            BrowserScript.Result run = BrowserScript.run(HARNESS, Duration.ofSeconds(120), tmp,
                    "http://127.0.0.1:" + webPort + "/", "--name", "browser-test-stream", "--frames", "30");
            String report = run.report() + "\n--- sink ---\n" + producer.sink.dump();
            assertEquals(0, run.exitCode(), report);
            String verdict = run.verdict();
            assertTrue(verdict.contains("\"ok\":true") && verdict.contains("\"playing\":\"" + producerId + "\""), report);
            System.out.println("built-in page in Chromium: " + verdict);
            assertTrue(producer.errors.isEmpty(), producer.errors.toString());
            // the browser's session ends when its page closes (the signalling connection drops)
            assertTrue(GstTesting.await(Duration.ofSeconds(20), () -> producer.sink.controller().getSessions().isEmpty()),
                    producer.sink.dump());
        }
    }
}
