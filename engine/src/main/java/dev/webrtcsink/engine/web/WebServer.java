package dev.webrtcsink.engine.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web server behind webrtcsink's {@code run-web-server}: static files over HTTP(S), either
 * from a directory or, when none is given (or it does not exist), our built-in player page that
 * lists producers and plays the one clicked with the upstream gstwebrtc-api library.
 *
 * <p>Lifecycle: {@link #start()} binds and serves on a small pool of daemon threads;
 * {@link #stop()} closes the socket and ends them. GET and HEAD only.
 */
public final class WebServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    private static final String BUILT_IN = "dev/webrtcsink/engine/web/";
    /** The npm bundle copied in at build time (version pinned in scripts/browser/package.json). */
    static final String GSTWEBRTC_API_BUNDLE = "gstwebrtc-api-3.0.0.min.js";
    /** URL path → resource of the built-in page; nothing else under the built-in root is served. */
    private static final Map<String, String> BUILT_IN_FILES = Map.of(
            "index.html", "index.html", "player.js", "player.js", "player.css", "player.css",
            "gstwebrtc-api.min.js", GSTWEBRTC_API_BUNDLE);
    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("htm", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"), Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"), Map.entry("json", "application/json"),
            Map.entry("map", "application/json"), Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"), Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("wasm", "application/wasm"));

    private final String host;
    private final int requestedPort;
    private final Path directory;
    private final String pathPrefix;
    private final String signallingUri;
    private final SSLContext tls;
    private HttpServer server;
    private ExecutorService threads;

    private WebServer(Builder b) {
        this.host = b.host;
        this.requestedPort = b.port;
        this.directory = b.directory == null || !Files.isDirectory(b.directory) ? null : b.directory.toAbsolutePath().normalize();
        this.pathPrefix = normalisePrefix(b.pathPrefix);
        this.signallingUri = b.signallingUri;
        this.tls = b.tls;
        if (b.directory != null && directory == null) {
            LOG.info("web-server-directory {} does not exist: serving the built-in player page", b.directory);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    private static String normalisePrefix(String prefix) {
        if (prefix == null || prefix.isBlank() || prefix.equals("/")) {
            return "/";
        }
        String p = prefix.startsWith("/") ? prefix : "/" + prefix;
        return p.endsWith("/") ? p : p + "/";
    }

    /** Binds and starts serving. @throws IOException when the address cannot be bound */
    public synchronized WebServer start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        InetSocketAddress address = new InetSocketAddress(host, requestedPort);
        HttpServer s;
        if (tls != null) {
            HttpsServer https = HttpsServer.create(address, 50);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            s = https;
        } else {
            s = HttpServer.create(address, 50);
        }
        AtomicInteger n = new AtomicInteger();
        threads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "webrtcsink-web-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        s.setExecutor(threads);
        s.createContext("/", this::handle);
        s.start();
        server = s;
        if (directory == null && WebServer.class.getClassLoader().getResource(BUILT_IN + GSTWEBRTC_API_BUNDLE) == null) {
            LOG.warn("gstwebrtc-api bundle missing from the class path (run scripts/setup, then rebuild): "
                    + "the player page will say so");
        }
        LOG.info("web server on {} serving {}", url(), directory == null ? "the built-in player page" : directory);
        return this;
    }

    /** Stops serving and ends the server's threads; idempotent. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            threads.shutdownNow();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The port bound (the real one when 0 was asked for). */
    public synchronized int port() {
        return server == null ? requestedPort : server.getAddress().getPort();
    }

    /** Where a browser goes, e.g. {@code http://127.0.0.1:8080/}. */
    public String url() {
        String h = host.equals("0.0.0.0") ? "127.0.0.1" : host.equals("::") ? "[::1]" : host;
        return (tls != null ? "https" : "http") + "://" + h + ":" + port() + pathPrefix;
    }

    public String dump() {
        return "WebServer{" + url() + ", " + (directory == null ? "built-in page" : directory)
                + ", signalling " + signallingUri + "}";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            boolean head = method.equals("HEAD");
            if (!head && !method.equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", bytes("method not allowed\n"), false);
                return;
            }
            String path = URI.create(exchange.getRequestURI().getRawPath()).normalize().getPath();
            if (path == null || !path.startsWith(pathPrefix) && !(path + "/").equals(pathPrefix)) {
                send(exchange, 404, "text/plain; charset=utf-8", bytes("not found\n"), head);
                return;
            }
            String relative = (path + "/").equals(pathPrefix) ? "" : path.substring(pathPrefix.length());
            if (relative.isEmpty() || relative.endsWith("/")) {
                relative += "index.html";
            }
            if (relative.equals("config.js") && directory == null) {
                send(exchange, 200, "text/javascript; charset=utf-8", bytes(configScript()), head);
                return;
            }
            byte[] body = directory != null ? fromDirectory(relative) : fromClassPath(relative);
            if (body == null) {
                send(exchange, 404, "text/plain; charset=utf-8", bytes("not found\n"), head);
                return;
            }
            send(exchange, 200, contentType(relative), body, head);
        } catch (RuntimeException e) {
            LOG.warn("web server: request {} failed", exchange.getRequestURI(), e);
        }
    }

    /** Tells the built-in page where the signalling server is (null: same host, port 8443). */
    private String configScript() {
        String uri = signallingUri == null ? "null" : "\"" + signallingUri.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return "window.WEBRTCSINK_CONFIG = { signallingUri: " + uri + " };\n";
    }

    private byte[] fromDirectory(String relative) throws IOException {
        Path file = directory.resolve(relative).normalize();
        if (!file.startsWith(directory) || !Files.isRegularFile(file)) {
            return null; // outside the directory (traversal) or absent: the same 404
        }
        return Files.readAllBytes(file);
    }

    private static byte[] fromClassPath(String relative) throws IOException {
        String name = BUILT_IN_FILES.get(relative);
        if (name == null) {
            return null;
        }
        try (InputStream in = WebServer.class.getClassLoader().getResourceAsStream(BUILT_IN + name)) {
            if (in != null) {
                return in.readAllBytes();
            }
        }
        if (name.equals(GSTWEBRTC_API_BUNDLE)) { // the page checks for this and explains
            return bytes("console.error('gstwebrtc-api bundle missing: run scripts/setup and rebuild');\n");
        }
        return null;
    }

    private static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return CONTENT_TYPES.getOrDefault(ext, "application/octet-stream");
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body, boolean head)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Builder for {@link WebServer}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private Path directory;
        private String pathPrefix;
        private String signallingUri;
        private SSLContext tls;

        public Builder host(String host) { this.host = Objects.requireNonNull(host); return this; }
        public Builder port(int port) { this.port = port; return this; }
        /** Serve this directory instead of the built-in page (ignored when it does not exist). */
        public Builder directory(Path directory) { this.directory = directory; return this; }
        /** Serve only under this URL path prefix. */
        public Builder pathPrefix(String prefix) { this.pathPrefix = prefix; return this; }
        /** The signalling server the built-in page connects to; null: same host, port 8443. */
        public Builder signallingUri(String uri) { this.signallingUri = uri; return this; }
        /** HTTPS with this context (see {@link PemKeys}); null for plain HTTP. */
        public Builder tls(SSLContext tls) { this.tls = tls; return this; }
        public WebServer build() { return new WebServer(this); }
    }
}
