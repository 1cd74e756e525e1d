package dev.webrtcsink.engine.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.webrtcsink.server.SignallingServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String HARNESS = "scripts/browser/page-smoke.mjs";
    private static final int MIN_FRAMES = 30;
    /** page-smoke.mjs bounds each step itself; this is the backstop for a wedged node process. */
    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(150);

    @Test
    @Timeout(value = 200, unit = TimeUnit.SECONDS)
    void pageListsTheProducerByNameAndPlaysItWhenClicked(@TempDir Path tmp) throws Exception {
        Path root = repositoryRoot();
        assumeTrue(Files.isExecutable(CHROMIUM), "skipped: " + CHROMIUM + " is missing; run scripts/setup");
        assumeTrue(Files.isDirectory(root.resolve("scripts/browser/node_modules")),
                "skipped: scripts/browser/node_modules is missing; run scripts/setup");

        SignallingServer signalling = SignallingServer.builder().host("127.0.0.1").port(0).build();
        signalling.start();
        String wsUrl = "ws://127.0.0.1:" + signalling.port();
        try (WebServer web = WebServer.builder().host("127.0.0.1").port(0).signallingUrl(wsUrl).build().start()) {
            assumeTrue(web.hasBundle(), "skipped: the build has no gstwebrtc-api bundle; run scripts/setup and rebuild");
            Path out = tmp.resolve("page-smoke.out");
            Path err = tmp.resolve("page-smoke.err");
            Process process = new ProcessBuilder(List.of("node", root.resolve(HARNESS).toString(), web.uri(), wsUrl,
                            "--frames", Integer.toString(MIN_FRAMES)))
                    .directory(root.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(PROCESS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy(); // SIGTERM: the script closes Chromium and prints diagnostics
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String report = "page-smoke.mjs " + web.uri() + " " + wsUrl + "\n--- stdout ---\n" + stdout
                    + "\n--- stderr ---\n" + Files.readString(err, StandardCharsets.UTF_8);
            assertTrue(!process.isAlive(), () -> "page-smoke.mjs did not finish:\n" + report);
            assertEquals(0, process.exitValue(), () -> "viewer page smoke test failed:\n" + report);
            String result = stdout.strip().lines().reduce((a, b) -> b).orElse("");
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

    /** Maven runs tests in engine/; an IDE may use the repository root. */
    private static Path repositoryRoot() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(HARNESS))) {
                return dir;
            }
        }
        return fail("cannot find " + HARNESS + " above " + Path.of("").toAbsolutePath());
    }
}
