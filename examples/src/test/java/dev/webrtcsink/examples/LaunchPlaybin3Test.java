package dev.webrtcsink.examples;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The consume path a user types: two webrtc-launch processes, one serving a test stream
 * through webrtcsink (with its embedded signalling server), one playing it with
 * {@code playbin3 uri=gstwebrtc://...} and {@code -v} on a fakesink, whose last-message lines
 * count the decoded frames.
 */
class LaunchPlaybin3Test {
    private static final Pattern PEER_ID = Pattern.compile("as peer ([0-9a-f-]{36}) \\(producer\\)");
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** webrtc-launch in a fresh JVM (this test's class path), output merged into one stream. */
    private Process launch(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Launch.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        processes.add(p);
        return p;
    }

    /**
     * Reads the process's output on a daemon thread until it ends (so a chatty process never
     * blocks on a full pipe) and returns the first line that matches, or null when the output
     * ended or time ran out first.
     */
    private static String awaitLine(Process p, Predicate<String> match, long seconds, List<String> seen)
            throws Exception {
        CompletableFuture<String> found = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    seen.add(line);
                    if (!found.isDone() && match.test(line)) {
                        found.complete(line);
                    }
                }
            } catch (IOException e) {
                // the process went away
            }
            found.complete(null);
        }, "launch-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return found.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return null;
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void playbin3PlaysAGstwebrtcUriFromWebrtcsink() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process producer = launch("videotestsrc", "is-live=true", "!", "video/x-raw,width=320,height=240", "!",
                "webrtcsink", "name=ws", "run-signalling-server=true", "signalling-server-host=127.0.0.1",
                "signalling-server-port=" + port, "stun-server=\"\"", "audiotestsrc", "is-live=true", "!", "ws.");
        List<String> producerOutput = new CopyOnWriteArrayList<>();
        String registered = awaitLine(producer, l -> PEER_ID.matcher(l).find(), 60, producerOutput);
        assertNotNull(registered, () -> "producer did not register:\n" + String.join("\n", producerOutput));
        Matcher m = PEER_ID.matcher(registered);
        assertTrue(m.find());

        Process consumer = launch("-v", "playbin3", "uri=gstwebrtc://127.0.0.1:" + port + "?peer-id=" + m.group(1) + "&stun-server=",
                "video-sink=fakesink name=videosink silent=false sync=false", "audio-sink=fakesink sync=false");
        List<String> consumerOutput = new CopyOnWriteArrayList<>();
        int[] frames = {0};
        String thirtyFirst = awaitLine(consumer, l -> l.contains("videosink: last-message = chain") && ++frames[0] > 30,
                60, consumerOutput);
        assertNotNull(thirtyFirst, () -> frames[0] + " video frames reached playbin3's sink:\n"
                + String.join("\n", consumerOutput.subList(Math.max(0, consumerOutput.size() - 40), consumerOutput.size())));
    }
}
