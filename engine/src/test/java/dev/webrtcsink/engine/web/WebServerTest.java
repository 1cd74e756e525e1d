package dev.webrtcsink.engine.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private WebServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a raw request line, for paths and methods HttpClient would clean up or refuse. */
    private String raw(String requestLine) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write((requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void servesTheBuiltInPageWithTheBundleAndConfig() throws Exception {
        server = WebServer.builder().port(0).signallingUri("ws://{host}:9443").build().start();
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElseThrow());
        assertTrue(page.body().contains("gstwebrtc-api.min.js") && page.body().contains("player.js"), page.body());

        HttpResponse<String> bundle = get("/gstwebrtc-api.min.js");
        assertEquals(200, bundle.statusCode());
        assertEquals("text/javascript; charset=utf-8", bundle.headers().firstValue("content-type").orElseThrow());
        assertTrue(bundle.body().contains("GstWebRTCAPI"), "the upstream bundle was copied in at build time"
                + " (scripts/setup installs it)");

        assertEquals("window.WEBRTCSINK_CONFIG = { signallingUri: \"ws://{host}:9443\" };\n", get("/config.js").body());
        assertEquals(200, get("/player.js").statusCode());
        assertEquals(404, get("/WebServer.class").statusCode(), "only the page's files leave the class path");
        assertEquals(404, get("/nope.html").statusCode());
    }

    @Test
    void refusesTraversalAndUnknownMethodsAndAnswersHead(@TempDir Path dir) throws Exception {
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<p>mine</p>");
        Files.writeString(site.resolve("app.css"), "p{}");
        Files.writeString(dir.resolve("secret.txt"), "do not serve");
        server = WebServer.builder().port(0).directory(site).build().start();

        assertEquals("<p>mine</p>", get("/").body());
        assertEquals("text/css; charset=utf-8", get("/app.css").headers().firstValue("content-type").orElseThrow());
        String traversal = raw("GET /../secret.txt HTTP/1.1");
        assertTrue(traversal.startsWith("HTTP/1.1 404"), traversal);
        assertTrue(!traversal.contains("do not serve"), traversal);
        String encoded = raw("GET /%2e%2e/secret.txt HTTP/1.1");
        assertTrue(encoded.startsWith("HTTP/1.1 404") && !encoded.contains("do not serve"), encoded);

        String post = raw("POST / HTTP/1.1");
        assertTrue(post.startsWith("HTTP/1.1 405") && post.contains("Allow: GET, HEAD"), post);
        String head = raw("HEAD /index.html HTTP/1.1");
        assertTrue(head.startsWith("HTTP/1.1 200") && head.contains("Content-length: 11") && !head.contains("mine"), head);
    }

    @Test
    void servesOnlyUnderThePathPrefix() throws Exception {
        server = WebServer.builder().port(0).pathPrefix("/player").build().start();
        assertEquals(200, get("/player/").statusCode());
        assertEquals(200, get("/player/player.js").statusCode());
        assertEquals(404, get("/").statusCode());
        assertEquals(404, get("/index.html").statusCode());
    }

    @Test
    void servesHttpsFromPemFilesAndRejectsBadKeys(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", "/CN=localhost", "-addext",
                "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(), "-out", cert.toString())
                .redirectErrorStream(true).start();
        openssl.getInputStream().readAllBytes();
        assertTrue(openssl.waitFor(30, TimeUnit.SECONDS) && openssl.exitValue() == 0, "openssl made a certificate");

        server = WebServer.builder().port(0).tls(PemKeys.serverContext(cert, key)).build().start();
        assertTrue(server.url().startsWith("https://127.0.0.1:"), server.url());
        var trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("web", java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(cert)));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        HttpResponse<String> page = HttpClient.newBuilder().sslContext(client).build().send(
                HttpRequest.newBuilder(URI.create(server.url())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());

        Files.writeString(key, "not a key");
        IOException bad = assertThrows(IOException.class, () -> PemKeys.serverContext(cert, key));
        assertTrue(bad.getMessage().contains("BEGIN PRIVATE KEY"), bad.getMessage());
    }

    @Test
    void stopReleasesThePortAndItsThreads() throws Exception {
        server = WebServer.builder().port(0).build().start();
        int port = server.port();
        assertEquals(200, get("/").statusCode());
        server.stop();
        assertTrue(waitThreadsGone(), "web threads ended");
        server = WebServer.builder().port(port).build().start(); // the same port binds again
        assertEquals(port, server.port());
    }

    private static boolean waitThreadsGone() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("webrtcsink-web-"))) {
                return true;
            }
            Thread.sleep(20); // polling a condition with a deadline
        }
        return false;
    }
}
