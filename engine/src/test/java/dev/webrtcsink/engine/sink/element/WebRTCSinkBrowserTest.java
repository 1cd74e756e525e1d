package dev.webrtcsink.engine.sink.element;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.webrtcsink.engine.testing.GstTesting;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick-start path, in a real browser: webrtcsink with its embedded signalling server and
 * web server; headless Chromium opens the built-in page, clicks the stream, and must decode
 * video and receive audio ({@code scripts/browser/player.mjs}, upstream gstwebrtc-api).
 */
@Tag("browser")
class WebRTCSinkBrowserTest {
    private static final String HARNESS = "scripts/browser/player.mjs";
    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(120);

    @BeforeAll
    static void init() {
        SinkTestSupport.init();
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void chromiumPlaysTheStreamFromTheBuiltInPage(@TempDir Path tmp) throws Exception {
        Path root = repositoryRoot();
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")),
                "skipped: /usr/bin/chromium is missing; run scripts/setup");
        assumeTrue(Files.isDirectory(root.resolve("scripts/browser/node_modules")),
                "skipped: scripts/browser/node_modules is missing; run scripts/setup");

        int signallingPort = SinkTestSupport.freePort();
        int webPort = SinkTestSupport.freePort();
        try (var producer = new SinkTestSupport.Producer(
                "videotestsrc is-live=true ! video/x-raw,width=320,height=240,framerate=30/1 "
                        + "! webrtcsink name=ws stun-server=\"\" meta=\"meta,name=browser-test-stream\" "
                        + "run-signalling-server=true signalling-server-host=127.0.0.1 signalling-server-port="
                        + signallingPort + " run-web-server=true web-server-host-addr=http://127.0.0.1:" + webPort + "/ "
                        + "audiotestsrc is-live=true ! ws.")) {
            String producerId = producer.playAndRegister();

            Path out = tmp.resolve("player.out");
            Path err = tmp.resolve("player.err");
            Process node = new ProcessBuilder(List.of("node", root.resolve(HARNESS).toString(),
                    "http://127.0.0.1:" + webPort + "/", "--name", "browser-test-stream", "--frames", "30"))
                    .directory(root.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!node.waitFor(PROCESS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                node.descendants().forEach(ProcessHandle::destroyForcibly);
                node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("player.mjs did not finish within " + PROCESS_TIMEOUT + "\n" + Files.readString(err));
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String report = "exit " + node.exitValue() + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n"
                    + Files.readString(err, StandardCharsets.UTF_8) + "\n--- sink ---\n" + producer.sink.dump();
            assertEquals(0, node.exitValue(), report);
            assertTrue(stdout.contains("\"ok\":true") && stdout.contains("\"playing\":\"" + producerId + "\""), report);
            System.out.println("built-in page in Chromium: " + stdout.strip());
            assertTrue(producer.errors.isEmpty(), producer.errors.toString());
            // the browser's session ends when its page closes (the signalling connection drops)
            assertTrue(GstTesting.await(Duration.ofSeconds(20), () -> producer.sink.controller().getSessions().isEmpty()),
                    producer.sink.dump());
        }
    }

    /** Maven runs tests in the module directory; walk up to the repository root. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(HARNESS))) {
                return dir;
            }
        }
        return fail("cannot find " + HARNESS + " above " + Path.of("").toAbsolutePath());
    }
}
