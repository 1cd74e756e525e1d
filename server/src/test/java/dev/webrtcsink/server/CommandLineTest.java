package dev.webrtcsink.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.server.testing.RawWebSocketClient;
import dev.webrtcsink.server.testing.RelayTestCore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {
    @TempDir
    Path dir;

    private record Outcome(int code, String out, String err) {}

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryOption() {
        for (String flag : new String[] {"--help", "-h"}) {
            Outcome help = run("--port", "1", flag);
            assertEquals(0, help.code());
            for (String option : new String[] {"--host", "-p, --port", "-c, --cert", "-k, --key", "--header",
                    "--auth-token", "--auth-jwt-secret", "--max-frame-bytes", "--rate-limit", "--rate-burst",
                    "--send-queue", "--ping-interval", "--pong-timeout", "--metrics-port", "-V, --version",
                    "WEBRTCSINK_SIGNALLING_SERVER_LOG"}) {
                assertTrue(help.out().contains(option), option + " in help");
            }
        }
    }

    @Test
    void versionPrintsTheProjectVersion() {
        Outcome version = run("-V");
        assertEquals(0, version.code());
        assertTrue(version.out().matches("webrtcsink-signalling-server \\d+\\.\\d+\\.\\d+.*\\R"), version.out());
        assertEquals(version.out(), run("--version").out());
    }

    @Test
    void badArgumentsExitWithCode2AndSayWhy() {
        assertUsageError("unknown option '--bogus'", "--bogus");
        assertUsageError("unexpected argument 'stray'", "stray");
        assertUsageError("option '--port' wants a whole number from 0 to 65535, got '70000'", "--port", "70000");
        assertUsageError("option '-p' wants a whole number from 0 to 65535, got 'http'", "-p", "http");
        assertUsageError("option '--port' needs a value", "--port");
        assertUsageError("TLS needs both --cert and --key", "--cert", "c.pem");
        assertUsageError("--header wants NAME:VALUE, got 'novalue'", "--header", "novalue");
        assertUsageError("--header: invalid HTTP header name 'bad name'", "--header", "bad name: x");
        assertUsageError("option '--rate-limit' wants a whole number", "--rate-limit=fast");
        assertUsageError("--auth-token-file: cannot read", "--auth-token-file", "/nonexistent/token");
    }

    private static void assertUsageError(String message, String... args) {
        Outcome outcome = run(args);
        assertEquals(2, outcome.code(), String.join(" ", args));
        assertTrue(outcome.err().startsWith("error: " + message), outcome.err());
        assertTrue(outcome.err().contains("try '--help'"));
    }

    @Test
    void aServerThatCannotStartExitsWithCode1() throws Exception {
        Path notPem = Files.writeString(dir.resolve("x.pem"), "not pem");
        Outcome outcome = run("--host", "127.0.0.1", "--port", "0", "--cert", notPem.toString(), "--key", notPem.toString());
        assertEquals(1, outcome.code());
        assertTrue(outcome.err().startsWith("error: TLS set-up failed: no PEM certificate"), outcome.err());
    }

    @Test
    void optionsConfigureTheServer() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), "from-file\n");
        CommandLine.Request request = CommandLine.parse("--host=127.0.0.1", "-p", "0", "--metrics-port", "0",
                "--auth-token-file", tokenFile.toString(), "--header", "X-Cli: yes", "--max-frame-bytes", "100",
                "--ping-interval", "5", "--pong-timeout", "7", "--rate-limit", "0");
        CommandLine.Run run = assertInstanceOf(CommandLine.Run.class, request);
        try (SignallingServer server = run.builder().core(new RelayTestCore()::attach).build().start()) {
            assertTrue(server.metricsPort() > 0);
            assertTrue(server.dump().contains("maxFrameBytes=100"), server.dump());
            assertTrue(server.dump().contains("pingAfterIdle=PT5S, pongTimeout=PT7S"), server.dump());
            try (RawWebSocketClient anonymous = RawWebSocketClient.connect(server.port())) {
                assertEquals(401, anonymous.status);
            }
            try (RawWebSocketClient admitted = RawWebSocketClient.connect(server.port(), "/?token=from-file",
                    java.util.Map.of())) {
                assertEquals(101, admitted.status);
                assertEquals("yes", admitted.responseHeaders.get("x-cli"));
            }
        }
    }

    @Test
    void logLevelComesFromTheEnvironmentFilter() {
        String key = "org.slf4j.simpleLogger.defaultLogLevel";
        String saved = System.getProperty(key);
        try {
            System.clearProperty(key);
            Main.configureLogging("debug,tungstenite=warn");
            assertEquals("debug", System.getProperty(key));
            System.clearProperty(key);
            Main.configureLogging(null);
            assertEquals("info", System.getProperty(key));
        } finally {
            if (saved == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, saved);
            }
        }
    }
}
