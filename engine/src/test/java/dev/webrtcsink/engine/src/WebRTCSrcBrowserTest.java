package dev.webrtcsink.engine.src;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.webrtcsink.engine.src.SrcTestSupport.Consumer;
import dev.webrtcsink.engine.testing.BrowserScript;
import dev.webrtcsink.server.SignallingServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A browser producer: headless Chromium streams its fake camera and microphone with the upstream gstwebrtc-api
 * ({@code scripts/browser/produce.mjs}); webrtcsrc must decode video and audio from it.
 */
@Tag("browser")
class WebRTCSrcBrowserTest {
    private static final String HARNESS = "scripts/browser/produce.mjs";
    private static final Pattern PRODUCER_ID = Pattern.compile("\"producerId\":\"([^\"]+)\"");

    @BeforeAll
    static void init() {
        SrcTestSupport.init();
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void decodesTheFakeCameraAndMicrophoneOfChromium(@TempDir Path tmp) throws Exception {
        Path root = BrowserScript.requireHarness(HARNESS);
        SignallingServer server = SrcTestSupport.startServer();
        Path err = tmp.resolve("produce.err");
        Process node = new ProcessBuilder(List.of("node", root.resolve(HARNESS).toString(),
                "ws://127.0.0.1:" + server.port(), "--name", "webrtcsrc-browser-test"))
                .directory(root.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectError(err.toFile())
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException e) {
                    return null;
                }
            }).get(60, TimeUnit.SECONDS);
            Matcher m = line == null ? null : PRODUCER_ID.matcher(line);
            if (m == null || !m.find()) {
                fail("produce.mjs did not register: " + line + "\n" + Files.readString(err));
            }
            try (Consumer c = new Consumer("webrtcsrc name=src signaller::uri=ws://127.0.0.1:" + server.port()
                    + " signaller::producer-peer-id=" + m.group(1) + " stun-server=\"\" "
                    + WebRTCSrcElementTest.DECODED).play()) {
                c.assertReceives(31, 10, Files.readString(err));
                System.out.println("Chromium producer -> webrtcsrc: " + c.videoFrames.get() + " frames, "
                        + c.audioBuffers.get() + " audio buffers, first frame after " + c.timeToFirstFrameMillis()
                        + " ms; " + c.padCaps + "\n" + c.src.dump().lines().filter(l -> l.contains("output="))
                        .map(l -> l.length() > 160 ? l.substring(0, 160) : l).toList());
            }
        } finally {
            node.destroy(); // SIGTERM: the script closes Chromium
            if (!node.waitFor(20, TimeUnit.SECONDS)) {
                node.descendants().forEach(ProcessHandle::destroyForcibly);
                node.destroyForcibly();
            }
            server.stop();
        }
    }
}
