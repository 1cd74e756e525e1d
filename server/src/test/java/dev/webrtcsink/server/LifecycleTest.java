package dev.webrtcsink.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.server.testing.Await;
import dev.webrtcsink.server.testing.RawWebSocketClient;
import dev.webrtcsink.server.testing.RelayTestCore;
import dev.webrtcsink.server.testing.TestCertificates;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** start/stop, ports, and that stop() leaves no thread or socket behind. */
class LifecycleTest {
    private static final Duration READ = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private static Set<Thread> liveThreads() {
        return new HashSet<>(Thread.getAllStackTraces().keySet());
    }

    private static void assertNoThreadsLeftSince(Set<Thread> before) {
        Await.until(Duration.ofSeconds(10), () -> "threads to end: " + newThreads(before), () -> newThreads(before).isEmpty());
    }

    private static List<String> newThreads(Set<Thread> before) {
        return liveThreads().stream().filter(t -> !before.contains(t) && t.isAlive())
                .map(Thread::getName).sorted().collect(Collectors.toList());
    }

    private static void assertRefused(int port) {
        assertThrows(ConnectException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            }
        }, "port " + port + " still accepts connections");
    }

    @Test
    void stopClosesEverySocketAndEndsEveryThread() throws Exception {
        Set<Thread> before = liveThreads();
        RelayTestCore core = new RelayTestCore();
        SignallingServer server = SignallingServer.builder().host("127.0.0.1").port(0).metrics("127.0.0.1", 0)
                .core(core::attach).build().start();
        int port = server.port();
        int metricsPort = server.metricsPort();
        assertNotEquals(0, port);

        List<RawWebSocketClient> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RawWebSocketClient client = RawWebSocketClient.connect(port);
            client.nextText(READ);
            clients.add(client);
        }
        try (Socket halfOpen = new Socket("127.0.0.1", port)) { // connected, never upgrades
            Await.until(READ, "peers registered", () -> server.stats().core().peers() == 3);
            String dump = server.dump();
            assertTrue(dump.contains("3 peers") && dump.contains("relay test core"), dump);

            server.stop();

            for (RawWebSocketClient client : clients) {
                assertTrue(client.awaitServerClose(READ), "client socket closed by the server");
                client.close();
            }
            halfOpen.setSoTimeout(10_000);
            assertEquals(-1, halfOpen.getInputStream().read(), "half-open connection closed by the server");
        }
        assertRefused(port);
        assertRefused(metricsPort);
        assertNoThreadsLeftSince(before);
        assertEquals(3, core.count("disconnected:"));
        assertEquals(0, server.stats().core().peers(), "final stats after stop");
        assertEquals(3, server.stats().transport().connectionsAccepted());
    }

    @Test
    void aTlsServerEndsItsThreadsToo() throws Exception {
        Path[] pem = TestCertificates.rsaPkcs8(dir);
        Set<Thread> before = liveThreads();
        SignallingServer server = SignallingServer.builder().host("127.0.0.1").port(0).tls(pem[0], pem[1])
                .core(new RelayTestCore()::attach).build().start();
        try (RawWebSocketClient client = RawWebSocketClient.connectTls(server.port(), TestCertificates.trusting(pem[0]))) {
            client.nextText(READ);
            server.stop();
            assertTrue(client.awaitServerClose(READ));
        }
        assertRefused(server.port());
        assertNoThreadsLeftSince(before);
    }

    @Test
    void aFailedStartLeavesNothingBehind() throws IOException {
        Set<Thread> before = liveThreads();
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            SignallingServer server = SignallingServer.builder().host("127.0.0.1").port(taken.getLocalPort())
                    .core(new RelayTestCore()::attach).build();
            SignallingServerException e = assertThrows(SignallingServerException.class, server::start);
            assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + taken.getLocalPort()), e.getMessage());
            assertFalse(server.isRunning());
            server.stop(); // harmless
        }
        SignallingServer failingCore = SignallingServer.builder().host("127.0.0.1").port(0)
                .core(outbox -> { throw new IllegalStateException("core refuses"); }).build();
        SignallingServerException e = assertThrows(SignallingServerException.class, failingCore::start);
        assertTrue(e.getMessage().contains("core refuses"), e.getMessage());
        assertNoThreadsLeftSince(before);
    }

    @Test
    void startsOnceAndStopsAnyNumberOfTimes() {
        SignallingServer server = SignallingServer.builder().host("127.0.0.1").port(0)
                .core(new RelayTestCore()::attach).build();
        server.stop(); // before start: nothing to do
        assertThrows(IllegalStateException.class, server::start, "a stopped server does not start");

        SignallingServer running = SignallingServer.builder().host("127.0.0.1").port(0)
                .core(new RelayTestCore()::attach).build().start();
        assertThrows(IllegalStateException.class, running::start);
        assertTrue(running.isRunning());
        running.stop();
        running.stop();
        assertFalse(running.isRunning());
    }

    @Test
    void theDefaultCoreIsLoadedByNameOrItsAbsenceIsExplained() {
        SignallingServer server = SignallingServer.builder().host("127.0.0.1").port(0).build();
        if (classPresent(SignallingServer.DEFAULT_CORE_CLASS)) {
            try (server) {
                assertTrue(server.start().isRunning());
            }
        } else {
            SignallingServerException e = assertThrows(SignallingServerException.class, server::start);
            assertTrue(e.getMessage().contains(SignallingServer.DEFAULT_CORE_CLASS + " is not on the class path"),
                    e.getMessage());
        }
    }

    @Test
    void theEmbeddedProviderIsFoundThroughServiceLoader() throws Exception {
        EmbeddedSignallingServerProvider provider =
                ServiceLoader.load(EmbeddedSignallingServerProvider.class).findFirst().orElseThrow();
        if (classPresent(SignallingServer.DEFAULT_CORE_CLASS)) {
            try (AutoCloseable server = provider.start("127.0.0.1", 0, null, null, Map.of("X-Embedded", "yes",
                    "Bad Name", "skipped"))) {
                try (RawWebSocketClient client = RawWebSocketClient.connect(((SignallingServer) server).port())) {
                    assertEquals("yes", client.responseHeaders.get("x-embedded"));
                }
            }
        } else {
            SignallingServerException e = assertThrows(SignallingServerException.class,
                    () -> provider.start("127.0.0.1", 0, null, null, Map.of()));
            assertTrue(e.getMessage().contains(SignallingServer.DEFAULT_CORE_CLASS));
        }
        SignallingServerException e = assertThrows(SignallingServerException.class,
                () -> provider.start("127.0.0.1", 0, "cert.pem", null, null));
        assertTrue(e.getMessage().contains("TLS needs both"), e.getMessage());
    }

    @Test
    void uriMapsWildcardHostsToLoopback() {
        assertEquals("ws://127.0.0.1:8443", SignallingServer.builder().build().uri());
        assertEquals("ws://[::1]:9000", SignallingServer.builder().host("::").port(9000).build().uri());
        assertEquals("wss://example.org:443", SignallingServer.builder().host("example.org").port(443)
                .tls(Path.of("c"), Path.of("k")).build().uri());
    }

    @Test
    void headersTheHandshakeOwnsOrHttpCannotCarryAreRefused() {
        SignallingServer.Builder builder = SignallingServer.builder();
        assertThrows(IllegalArgumentException.class, () -> builder.header("Sec-WebSocket-Accept", "x"));
        assertThrows(IllegalArgumentException.class, () -> builder.header("Bad Name", "x"));
        assertThrows(IllegalArgumentException.class, () -> builder.header("X-Ok", "line\r\nInjected: 1"));
        builder.header("X-Ok", "fine");
    }

    private static boolean classPresent(String name) {
        try {
            Class.forName(name);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
