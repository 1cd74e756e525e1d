package dev.webrtcsink.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.webrtcsink.server.core.CoreStats;
import dev.webrtcsink.server.transport.TransportStats;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code /health} (JSON) and {@code /metrics} (Prometheus text format 0.0.4) on a side port,
 * with the JDK's HTTP server. Requests are answered on its one dispatcher thread: they are
 * rare and cheap, and that thread ends with {@link #stop()}.
 */
final class MetricsEndpoint {
    private static final String PREFIX = "webrtcsink_signalling_";

    private final HttpServer http;
    private final Supplier<ServerStats> stats;

    private MetricsEndpoint(HttpServer http, Supplier<ServerStats> stats) {
        this.http = http;
        this.stats = stats;
    }

    static MetricsEndpoint start(String host, int port, Supplier<ServerStats> stats) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 16);
        MetricsEndpoint endpoint = new MetricsEndpoint(http, stats);
        http.createContext("/", endpoint::handle);
        http.setExecutor(null);
        http.start();
        return endpoint;
    }

    int port() {
        return http.getAddress().getPort();
    }

    void stop() {
        http.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/health" -> {
                    ServerStats now = stats.get();
                    respond(exchange, now.eventLoopResponsive() ? 200 : 503, "application/json", health(now));
                }
                case "/metrics" -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                        prometheus(stats.get()));
                default -> respond(exchange, 404, "text/plain; charset=utf-8", "not found: try /health or /metrics\n");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    static String health(ServerStats stats) {
        CoreStats core = stats.core();
        TransportStats transport = stats.transport();
        return "{\"status\":\"" + (stats.eventLoopResponsive() ? "ok" : "event loop unresponsive") + "\""
                + ",\"uptimeSeconds\":" + stats.uptimeSeconds()
                + ",\"peers\":" + core.peers()
                + ",\"producers\":" + core.producers()
                + ",\"sessions\":" + core.sessions()
                + ",\"sessionsStarted\":" + core.sessionsStarted()
                + ",\"messagesRelayed\":" + core.messagesRelayed()
                + ",\"errors\":" + core.errors()
                + ",\"connectionsOpen\":" + transport.connectionsOpen()
                + ",\"connectionsAccepted\":" + transport.connectionsAccepted()
                + ",\"connectionsRejected\":" + transport.connectionsRejected()
                + ",\"framesIn\":" + transport.framesIn()
                + ",\"framesOut\":" + transport.framesOut()
                + ",\"droppedForRate\":" + transport.droppedForRate()
                + ",\"droppedForSize\":" + transport.droppedForSize()
                + ",\"binaryFramesRejected\":" + transport.binaryFramesRejected()
                + ",\"slowConsumersDisconnected\":" + transport.slowConsumersDisconnected()
                + ",\"deadPeersDropped\":" + transport.deadPeersDropped()
                + "}\n";
    }

    static String prometheus(ServerStats stats) {
        CoreStats core = stats.core();
        TransportStats transport = stats.transport();
        StringBuilder out = new StringBuilder(2048);
        gauge(out, "up", "1 while the event loop answers", stats.eventLoopResponsive() ? 1 : 0);
        gauge(out, "uptime_seconds", "Seconds since the server started", stats.uptimeSeconds());
        gauge(out, "peers", "Connected peers", core.peers());
        gauge(out, "producers", "Connected peers with the producer role", core.producers());
        gauge(out, "sessions", "Open sessions", core.sessions());
        counter(out, "sessions_started_total", "Sessions started", core.sessionsStarted());
        counter(out, "messages_relayed_total", "peer messages relayed between session members", core.messagesRelayed());
        counter(out, "errors_total", "error replies sent by the signalling core", core.errors());
        gauge(out, "connections_open", "Upgraded WebSocket connections", transport.connectionsOpen());
        counter(out, "connections_accepted_total", "WebSocket upgrades completed", transport.connectionsAccepted());
        counter(out, "connections_rejected_total", "Connections refused (authentication, handshake timeout)",
                transport.connectionsRejected());
        counter(out, "frames_in_total", "Data frames received", transport.framesIn());
        counter(out, "frames_out_total", "Text frames sent", transport.framesOut());
        out.append("# HELP ").append(PREFIX).append("messages_dropped_total Inbound messages dropped by a limit\n");
        out.append("# TYPE ").append(PREFIX).append("messages_dropped_total counter\n");
        out.append(PREFIX).append("messages_dropped_total{reason=\"rate\"} ").append(transport.droppedForRate()).append('\n');
        out.append(PREFIX).append("messages_dropped_total{reason=\"size\"} ").append(transport.droppedForSize()).append('\n');
        out.append(PREFIX).append("messages_dropped_total{reason=\"binary\"} ").append(transport.binaryFramesRejected()).append('\n');
        counter(out, "slow_consumers_disconnected_total", "Peers disconnected for not reading fast enough",
                transport.slowConsumersDisconnected());
        counter(out, "dead_peers_dropped_total", "Peers dropped for not answering a ping", transport.deadPeersDropped());
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        metric(out, name, help, "gauge", value);
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        metric(out, name, help, "counter", value);
    }

    private static void metric(StringBuilder out, String name, String help, String type, long value) {
        out.append("# HELP ").append(PREFIX).append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(PREFIX).append(name).append(' ').append(type).append('\n');
        out.append(PREFIX).append(name).append(' ').append(value).append('\n');
    }
}
