package dev.webrtcsink.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.server.testing.Await;
import dev.webrtcsink.server.testing.RawWebSocketClient;
import dev.webrtcsink.server.testing.RelayTestCore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {
    private static final Duration READ = Duration.ofSeconds(10);

    private static HttpResponse<String> get(HttpClient http, int port, String path, String method) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(READ).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAndMetricsReportCoreAndTransportCounters() throws Exception {
        try (SignallingServer server = SignallingServer.builder().host("127.0.0.1").port(0).metrics("127.0.0.1", 0)
                .core(new RelayTestCore()::attach).build().start();
             RawWebSocketClient client = RawWebSocketClient.connect(server.port())) {
            client.nextText(READ);
            client.sendText("one");
            client.sendBinary(new byte[] {0});
            assertEquals("one", client.nextText(READ));
            client.nextText(READ); // the binary frame's error
            Await.until(READ, "frames counted", () -> server.stats().transport().framesIn() == 2);

            HttpClient http = HttpClient.newHttpClient();
            int port = server.metricsPort();
            assertTrue(port > 0);
            HttpResponse<String> health = get(http, port, "/health", "GET");
            assertEquals(200, health.statusCode());
            assertEquals("application/json", health.headers().firstValue("Content-Type").orElseThrow());
            String json = health.body();
            for (String field : new String[] {"\"status\":\"ok\"", "\"peers\":1", "\"sessions\":0",
                    "\"messagesRelayed\":0", "\"errors\":0", "\"connectionsOpen\":1", "\"connectionsAccepted\":1",
                    "\"connectionsRejected\":0", "\"framesIn\":2", "\"framesOut\":3", "\"droppedForRate\":0",
                    "\"droppedForSize\":0", "\"binaryFramesRejected\":1", "\"slowConsumersDisconnected\":0",
                    "\"deadPeersDropped\":0"}) {
                assertTrue(json.contains(field), field + " in " + json);
            }

            HttpResponse<String> metrics = get(http, port, "/metrics", "GET");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain; version=0.0.4"));
            String text = metrics.body();
            for (String line : new String[] {
                    "# TYPE webrtcsink_signalling_peers gauge", "webrtcsink_signalling_peers 1",
                    "# TYPE webrtcsink_signalling_frames_in_total counter", "webrtcsink_signalling_frames_in_total 2",
                    "webrtcsink_signalling_frames_out_total 3", "webrtcsink_signalling_connections_accepted_total 1",
                    "webrtcsink_signalling_messages_dropped_total{reason=\"rate\"} 0",
                    "webrtcsink_signalling_messages_dropped_total{reason=\"binary\"} 1",
                    "webrtcsink_signalling_slow_consumers_disconnected_total 0",
                    "webrtcsink_signalling_dead_peers_dropped_total 0", "webrtcsink_signalling_up 1"}) {
                assertTrue(text.lines().anyMatch(line::equals), line + " in\n" + text);
            }

            assertEquals(404, get(http, port, "/nothing", "GET").statusCode());
            assertEquals(405, get(http, port, "/health", "POST").statusCode());
            assertEquals(200, get(http, port, "/health", "HEAD").statusCode());
        }
    }

    @Test
    void metricsAreOffByDefault() {
        try (SignallingServer server = SignallingServer.builder().host("127.0.0.1").port(0)
                .core(new RelayTestCore()::attach).build().start()) {
            assertEquals(-1, server.metricsPort());
        }
    }
}
