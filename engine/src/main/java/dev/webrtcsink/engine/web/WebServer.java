package dev.webrtcsink.engine.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web server of webrtcsink's {@code run-web-server}: static files over HTTP or HTTPS, from a directory
 * ({@code web-server-directory}) or, by default, our built-in viewer page, which lists the producers of a
 * signalling server and plays the one clicked, using the upstream gstwebrtc-api browser library.
 *
 * <pre>
 *   WebServer web = WebServer.builder()
 *           .hostAddress("http://127.0.0.1:8080")          // web-server-host-addr; or host(..).port(..)
 *           .signallingUrl("ws://127.0.0.1:8443")          // what the built-in page connects to by default
 *           .build()
 *           .start();                                      // binds now; IOException if it cannot
 *   web.uri();                                             // http://127.0.0.1:8080/
 *   web.stop();                                            // closes the socket and ends its threads
 * </pre>
 *
 * <p>Only GET and HEAD are served (others: 405). Request paths are decoded and split into segments; a path with an
 * empty, {@code .} or {@code ..} segment, a backslash or a NUL is refused with 404 before any file is looked at, and
 * a directory's files are only served when their real path (links followed) stays inside it. A directory is served
 * through its {@code index.html}. With a {@link Builder#pathPrefix path prefix}, only paths under it are served.
 *
 * <p>Threads: the JDK server's dispatcher plus a small pool of daemon workers named {@code web-server-N}; stop()
 * waits at most one second, and only when exchanges are in progress.
 */
public final class WebServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

    /** Where the built-in page lives on the classpath. */
    static final String BUILT_IN_FOLDER = "dev/webrtcsink/engine/web";
    /** Where the build copies the npm package gstwebrtc-api (package.json, licence, dist/*.min.js). */
    static final String BUNDLE_FOLDER = BUILT_IN_FOLDER + "/gstwebrtc-api";
    /** The fixed address under which the built-in page loads the bundle, whatever its versioned file name. */
    static final String BUNDLE_PATH = "gstwebrtc-api.js";
    /** Generated for the built-in page: the signalling URL this server was told about. */
    static final String CONFIG_PATH = "config.js";
    static final String BUNDLE_MISSING = "gstwebrtc-api bundle missing: run scripts/setup";

    private static final int WORKERS = 4;
    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    private final String host;
    private final int requestedPort;
    private final WebContent content;
    private final boolean builtIn;
    private final List<String> prefix;
    private final Path tlsCertificate;
    private final Path tlsKey;
    private final String signallingUrl;
    private final Optional<String> bundleResource;
    private HttpServer server;
    private ExecutorService workers;
    /** Exchanges being answered; stop() only waits when there are some (the JDK waits its full delay otherwise). */
    private final AtomicInteger inFlight = new AtomicInteger();

    private WebServer(Builder b) {
        this.host = b.host;
        this.requestedPort = b.port;
        this.builtIn = b.directory == null;
        ClassLoader loader = b.resources != null ? b.resources : WebServer.class.getClassLoader();
        this.content = builtIn ? new WebContent.Classpath(loader, BUILT_IN_FOLDER) : new WebContent.Directory(b.directory);
        this.prefix = segments(b.pathPrefix == null ? "" : b.pathPrefix);
        this.tlsCertificate = b.tlsCertificate;
        this.tlsKey = b.tlsKey;
        this.signallingUrl = b.signallingUrl;
        this.bundleResource = builtIn ? findBundle(loader) : Optional.empty();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds and starts serving. Logs a warning when the built-in page is served without the gstwebrtc-api bundle
     * (the page then says so too).
     *
     * @throws IOException the address cannot be bound, or the TLS files cannot be used
     */
    public synchronized WebServer start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        InetSocketAddress address = new InetSocketAddress(host, requestedPort);
        HttpServer created;
        if (tlsCertificate != null) {
            HttpsServer https = HttpsServer.create(address, 0);
            try {
                https.setHttpsConfigurator(new HttpsConfigurator(PemTls.serverContext(tlsCertificate, tlsKey)));
            } catch (GeneralSecurityException e) {
                https.stop(0);
                throw new IOException("cannot use " + tlsCertificate + " / " + tlsKey + " for HTTPS: " + e.getMessage(), e);
            }
            created = https;
        } else {
            created = HttpServer.create(address, 0);
        }
        workers = Executors.newFixedThreadPool(WORKERS, r -> {
            Thread t = new Thread(r, "web-server-" + THREAD_NUMBER.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        created.setExecutor(workers);
        created.createContext("/", this::handle);
        created.start();
        server = created;
        if (builtIn && bundleResource.isEmpty()) {
            LOG.warn("web server: serving the built-in page without the gstwebrtc-api bundle ({}): run scripts/setup"
                    + " and rebuild", BUNDLE_FOLDER);
        }
        LOG.info("web server: serving {} on {}", builtIn ? "the built-in viewer page" : content, uri());
        return this;
    }

    /** Stops serving; idempotent. Exchanges in progress get up to one second. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.stop(inFlight.get() > 0 ? 1 : 0);
        workers.shutdownNow();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
        workers = null;
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** The bound port (the chosen one when built with port 0). */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.getAddress().getPort();
    }

    /** The address of the served root, e.g. {@code http://127.0.0.1:8080/} or {@code https://host:8443/prefix/}. */
    public String uri() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        String path = prefix.isEmpty() ? "/" : "/" + String.join("/", prefix) + "/";
        return (tlsCertificate != null ? "https" : "http") + "://" + h + ":" + port() + path;
    }

    /** Whether the built-in page can load gstwebrtc-api (false in directory mode). */
    public boolean hasBundle() {
        return bundleResource.isPresent();
    }

    // ------------------------------------------------------------------ requests

    private void handle(HttpExchange exchange) throws IOException {
        inFlight.incrementAndGet();
        try (exchange) {
            String method = exchange.getRequestMethod();
            boolean head = method.equals("HEAD");
            if (!head && !method.equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                sendText(exchange, 405, "method not allowed\n", false);
                return;
            }
            String rawPath = exchange.getRequestURI().getRawPath();
            List<String> path = checkedSegments(rawPath);
            if (path == null || !startsWith(path, prefix)) {
                sendText(exchange, 404, "not found\n", head);
                return;
            }
            List<String> relative = path.subList(prefix.size(), path.size());
            if (builtIn && relative.size() == 1 && relative.get(0).equals(CONFIG_PATH)) {
                sendBytes(exchange, "text/javascript; charset=utf-8", pageConfig().getBytes(StandardCharsets.UTF_8), head);
                return;
            }
            if (builtIn && relative.size() == 1 && relative.get(0).equals(BUNDLE_PATH)) {
                relative = bundleResource.map(WebServer::segments).orElse(null);
                if (relative == null) {
                    sendText(exchange, 404, BUNDLE_MISSING + "\n", head);
                    return;
                }
            }
            if (!rawPath.endsWith("/") && (relative.isEmpty() || content.isDirectory(relative))) {
                // relative links in the index must resolve inside the directory
                exchange.getResponseHeaders().set("Location", rawPath + "/");
                sendText(exchange, 301, "moved\n", head);
                return;
            }
            Optional<WebContent.File> file = content.find(relative);
            if (file.isEmpty()) {
                sendText(exchange, 404, "not found\n", head);
                return;
            }
            sendFile(exchange, file.get(), head);
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("web server: {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
        } catch (RuntimeException e) {
            LOG.warn("web server: {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** The decoded segments of a request path, or null when it must be refused (see the class comment). */
    static List<String> checkedSegments(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return null;
        }
        List<String> out = new ArrayList<>();
        String[] parts = rawPath.substring(1).split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            String decoded;
            try {
                decoded = decode(parts[i]);
            } catch (IllegalArgumentException malformedEscape) {
                return null;
            }
            boolean last = i == parts.length - 1;
            if (decoded.isEmpty() && last) {
                break; // trailing slash
            }
            if (decoded.isEmpty() || decoded.equals(".") || decoded.equals("..") || decoded.contains("/")
                    || decoded.contains("\\") || decoded.indexOf('\0') >= 0) {
                return null;
            }
            out.add(decoded);
        }
        return out;
    }

    private static String decode(String segment) {
        // percent-decoding only: '+' is a plus in paths
        return java.net.URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static boolean startsWith(List<String> path, List<String> prefix) {
        return path.size() >= prefix.size() && path.subList(0, prefix.size()).equals(prefix);
    }

    private static List<String> segments(String path) {
        List<String> list = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                list.add(s);
            }
        }
        return list;
    }

    private String pageConfig() {
        return "// written by WebServer: defaults for the viewer page\nwindow.WEBRTCSINK_PAGE_CONFIG = {\"signallingUrl\": "
                + (signallingUrl == null ? "null" : jsonString(signallingUrl)) + ", \"bundleMissingText\": "
                + jsonString(BUNDLE_MISSING) + "};\n";
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
                // also escape what could end a script element or a JS line
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static void sendFile(HttpExchange exchange, WebContent.File file, boolean head) throws IOException {
        commonHeaders(exchange, file.contentType());
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Long.toString(file.size()));
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        try (InputStream in = file.open()) {
            // the JDK's encoding of lengths: -1 no body, 0 chunked (size unknown), n exactly n bytes
            long length = file.size() == 0 ? -1 : file.size() < 0 ? 0 : file.size();
            exchange.sendResponseHeaders(200, length);
            if (file.size() != 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    in.transferTo(out);
                }
            }
        }
    }

    private static void sendBytes(HttpExchange exchange, String type, byte[] body, boolean head) throws IOException {
        commonHeaders(exchange, type);
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void sendText(HttpExchange exchange, int status, String text, boolean head) throws IOException {
        commonHeaders(exchange, "text/plain; charset=utf-8");
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void commonHeaders(HttpExchange exchange, String type) {
        exchange.getResponseHeaders().set("Content-Type", type);
        // a development page: always fetch the current files; never let a browser guess types
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    }

    /** The bundle's classpath path below the built-in folder, from the copied package.json's "main". */
    private static Optional<String> findBundle(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(BUNDLE_FOLDER + "/package.json")) {
            if (in == null) {
                return Optional.empty();
            }
            Matcher m = Pattern.compile("\"main\"\\s*:\\s*\"(?:\\./)?([A-Za-z0-9._/-]+)\"")
                    .matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            if (!m.find() || m.group(1).contains("..")) {
                return Optional.empty();
            }
            String path = "gstwebrtc-api/" + m.group(1);
            return loader.getResource(BUILT_IN_FOLDER + "/" + path) == null ? Optional.empty() : Optional.of(path);
        } catch (IOException e) {
            LOG.warn("web server: cannot read {}/package.json: {}", BUNDLE_FOLDER, e.toString());
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "WebServer[" + (isRunning() ? uri() : host + ":" + requestedPort + " (stopped)") + "]";
    }

    /** Configuration; every setting optional. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private Path directory;
        private String pathPrefix;
        private Path tlsCertificate;
        private Path tlsKey;
        private String signallingUrl;
        private ClassLoader resources;

        private Builder() {}

        /** Tests: where the built-in page is looked up (default: this class's loader). */
        Builder resources(ClassLoader loader) {
            this.resources = loader;
            return this;
        }

        /** Listen address (default 127.0.0.1). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Listen port (default 8080; 0 picks a free one, see {@link WebServer#port()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Host and port from a URL such as webrtcsink's {@code web-server-host-addr} ({@code http://127.0.0.1:8080/});
         * only they are used. A URL without a port means 80 (http) or 443 (https).
         *
         * @throws IllegalArgumentException not an http(s) URL with a host
         */
        public Builder hostAddress(String url) {
            URI uri;
            try {
                uri = new URI(Objects.requireNonNull(url, "url"));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("not a URL: " + url, e);
            }
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("not an http(s) URL with a host: " + url);
            }
            String h = uri.getHost();
            host(h.startsWith("[") ? h.substring(1, h.length() - 1) : h);
            return port(uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80);
        }

        /** Serve this directory ({@code web-server-directory}) instead of the built-in page; null: built-in. */
        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        /** Serve only under this URL path ({@code web-server-path}), e.g. "viewer" or "/a/b/"; null: at the root. */
        public Builder pathPrefix(String pathPrefix) {
            if (pathPrefix != null && checkedSegments("/" + pathPrefix.replaceAll("^/+", "")) == null) {
                throw new IllegalArgumentException("bad path prefix: " + pathPrefix);
            }
            this.pathPrefix = pathPrefix;
            return this;
        }

        /** HTTPS with a PEM certificate chain and private key ({@code web-server-cert} / {@code web-server-key}). */
        public Builder tls(Path certificateChain, Path privateKey) {
            if ((certificateChain == null) != (privateKey == null)) {
                throw new IllegalArgumentException("HTTPS needs both a certificate and a key");
            }
            this.tlsCertificate = certificateChain;
            this.tlsKey = privateKey;
            return this;
        }

        /**
         * The signalling server the built-in page connects to unless its URL says otherwise ({@code ?signalling=}).
         * Null (default): {@code ws://<page host>:8443}, the embedded signalling server's default port.
         */
        public Builder signallingUrl(String signallingUrl) {
            this.signallingUrl = signallingUrl;
            return this;
        }

        public WebServer build() {
            return new WebServer(this);
        }
    }
}
