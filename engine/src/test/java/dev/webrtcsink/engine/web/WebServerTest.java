package dev.webrtcsink.engine.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebServerTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private WebServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private WebServer start(WebServer.Builder builder) throws IOException {
        server = builder.host("127.0.0.1").port(0).build().start();
        return server;
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a request line as written (HttpClient and URI normalise or refuse what an attacker would send). */
    private String raw(String requestLine) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void servesTheBuiltInPageItsScriptsAndTheInjectedConfig() throws Exception {
        start(WebServer.builder().signallingUrl("ws://127.0.0.1:9999"));
        HttpResponse<String> page = send("GET", "/");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElseThrow());
        assertTrue(page.body().contains("<script src=\"gstwebrtc-api.js\"></script>"), page.body());
        assertEquals(page.body(), send("GET", "/index.html").body());

        HttpResponse<String> js = send("GET", "/viewer.js");
        assertEquals(200, js.statusCode());
        assertEquals("text/javascript; charset=utf-8", js.headers().firstValue("content-type").orElseThrow());
        assertEquals("text/css; charset=utf-8", send("GET", "/viewer.css").headers().firstValue("content-type").orElseThrow());

        HttpResponse<String> config = send("GET", "/config.js");
        assertEquals(200, config.statusCode());
        assertTrue(config.body().contains("\"signallingUrl\": \"ws://127.0.0.1:9999\""), config.body());
        assertEquals("nosniff", page.headers().firstValue("x-content-type-options").orElseThrow());
    }

    @Test
    void servesTheGstWebRtcApiBundleCopiedAtBuildTime() throws Exception {
        start(WebServer.builder());
        assumeTrue(server.hasBundle(), "skipped: the gstwebrtc-api bundle was not in the build (run scripts/setup)");
        HttpResponse<String> bundle = send("GET", "/gstwebrtc-api.js");
        assertEquals(200, bundle.statusCode());
        assertEquals("text/javascript; charset=utf-8", bundle.headers().firstValue("content-type").orElseThrow());
        assertTrue(bundle.body().contains("GstWebRTCAPI"));
        assertTrue(bundle.body().length() > 10_000, "bundle is " + bundle.body().length() + " chars");
    }

    @Test
    void withoutTheBundleThePageStillLoadsAndExplains(@TempDir Path classes) throws Exception {
        // a classpath with our page but without the npm bundle, as a build without scripts/setup has
        Path web = Files.createDirectories(classes.resolve(WebServer.BUILT_IN_FOLDER));
        for (String name : List.of("index.html", "viewer.js", "viewer.css")) {
            try (InputStream in = WebServer.class.getResourceAsStream(name)) {
                Files.write(web.resolve(name), in.readAllBytes());
            }
        }
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {classes.toUri().toURL()}, null)) {
            start(WebServer.builder().resources(loader));
            assertTrue(!server.hasBundle());
            assertEquals(200, send("GET", "/").statusCode());
            HttpResponse<String> bundle = send("GET", "/gstwebrtc-api.js");
            assertEquals(404, bundle.statusCode());
            assertEquals(WebServer.BUNDLE_MISSING + "\n", bundle.body());
            // viewer.js shows this text when window.GstWebRTCAPI is absent
            assertTrue(send("GET", "/config.js").body().contains("gstwebrtc-api bundle missing: run scripts/setup"));
            assertTrue(send("GET", "/viewer.js").body().contains("config.bundleMissingText"));
        }
    }

    @Test
    void nullSignallingUrlLeavesTheChoiceToThePage() throws Exception {
        start(WebServer.builder());
        assertTrue(send("GET", "/config.js").body().contains("\"signallingUrl\": null"));
    }

    @Test
    void headSendsHeadersWithoutBody() throws Exception {
        start(WebServer.builder());
        HttpResponse<String> get = send("GET", "/viewer.js");
        HttpResponse<String> head = send("HEAD", "/viewer.js");
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals("text/javascript; charset=utf-8", head.headers().firstValue("content-type").orElseThrow());
        assertEquals(Long.toString(get.body().getBytes(StandardCharsets.UTF_8).length),
                head.headers().firstValue("content-length").orElseThrow());
        assertEquals(404, send("HEAD", "/missing.js").statusCode());
    }

    @Test
    void otherMethodsAre405WithAllow() throws Exception {
        start(WebServer.builder());
        for (String method : List.of("POST", "PUT", "DELETE", "OPTIONS", "PATCH")) {
            HttpResponse<String> r = send(method, "/");
            assertEquals(405, r.statusCode(), method);
            assertEquals("GET, HEAD", r.headers().firstValue("allow").orElseThrow(), method);
        }
    }

    @Test
    void unknownFilesAre404() throws Exception {
        start(WebServer.builder());
        assertEquals(404, send("GET", "/nope.html").statusCode());
        assertEquals(404, send("GET", "/gstwebrtc-api").statusCode()); // a classpath folder, not a file
        assertEquals(404, send("GET", "/gstwebrtc-api/").statusCode());
    }

    @Test
    void traversalIsRefusedInDirectoryMode(@TempDir Path tmp) throws Exception {
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<p>site</p>");
        Files.writeString(tmp.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(site.resolve("escape.txt"), tmp.resolve("secret.txt"));
        start(WebServer.builder().directory(site));
        for (String path : List.of("/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/..%2fsecret.txt",
                "/.%2e/secret.txt", "/..\\secret.txt", "/%5c..%5csecret.txt", "/a/../../secret.txt", "//secret.txt",
                "/%00secret.txt", "/escape.txt", "/%zz")) {
            String response = raw("GET " + path + " HTTP/1.1");
            assertTrue(response.startsWith("HTTP/1.1 404") || response.startsWith("HTTP/1.1 400"),
                    path + " -> " + response.lines().findFirst().orElse(""));
            assertTrue(!response.contains("secret\n") && !response.endsWith("secret"), path + " leaked: " + response);
        }
        assertTrue(raw("GET /index.html HTTP/1.1").contains("<p>site</p>"));
    }

    @Test
    void directoryModeServesFilesIndexesAndTypes(@TempDir Path site) throws Exception {
        Files.writeString(site.resolve("index.html"), "<p>root</p>");
        Files.createDirectories(site.resolve("sub"));
        Files.writeString(site.resolve("sub/index.html"), "<p>sub</p>");
        Files.writeString(site.resolve("app.mjs"), "export {}");
        Files.writeString(site.resolve("data.json"), "{}");
        Files.write(site.resolve("blob.bin"), new byte[] {1, 2, 3});
        Files.writeString(site.resolve("empty.txt"), "");
        start(WebServer.builder().directory(site));
        assertEquals("<p>root</p>", send("GET", "/").body());
        assertEquals("<p>sub</p>", send("GET", "/sub/").body());
        HttpResponse<String> redirect = send("GET", "/sub");
        assertEquals(301, redirect.statusCode());
        assertEquals("/sub/", redirect.headers().firstValue("location").orElseThrow());
        assertEquals("text/javascript; charset=utf-8", send("GET", "/app.mjs").headers().firstValue("content-type").orElseThrow());
        assertEquals("application/json", send("GET", "/data.json").headers().firstValue("content-type").orElseThrow());
        assertEquals("application/octet-stream", send("GET", "/blob.bin").headers().firstValue("content-type").orElseThrow());
        HttpResponse<String> empty = send("GET", "/empty.txt");
        assertEquals(200, empty.statusCode());
        assertEquals("", empty.body());
        assertEquals(404, send("GET", "/config.js").statusCode()); // only the built-in page gets one
        assertEquals(404, send("GET", "/gstwebrtc-api.js").statusCode());
    }

    @Test
    void pathPrefixServesOnlyBelowIt(@TempDir Path site) throws Exception {
        Files.writeString(site.resolve("index.html"), "<p>root</p>");
        start(WebServer.builder().directory(site).pathPrefix("/viewer/"));
        assertTrue(server.uri().endsWith("/viewer/"), server.uri());
        assertEquals("<p>root</p>", send("GET", "/viewer/").body());
        assertEquals("<p>root</p>", send("GET", "/viewer/index.html").body());
        assertEquals(301, send("GET", "/viewer").statusCode());
        assertEquals(404, send("GET", "/").statusCode());
        assertEquals(404, send("GET", "/index.html").statusCode());
        assertEquals(404, send("GET", "/viewerx/index.html").statusCode());
    }

    @Test
    void startStopAndRebind() throws Exception {
        start(WebServer.builder());
        int port = server.port();
        assertTrue(server.isRunning());
        assertEquals("http://127.0.0.1:" + port + "/", server.uri());
        server.stop();
        server.stop(); // idempotent
        assertTrue(!server.isRunning());
        assertThrows(IOException.class, () -> new Socket("127.0.0.1", port).close());
        server = WebServer.builder().port(port).build().start();
        assertEquals(200, send("GET", "/").statusCode());
    }

    @Test
    void busyPortFailsToStart() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            WebServer busy = WebServer.builder().host("127.0.0.1").port(taken.getLocalPort()).build();
            assertThrows(IOException.class, busy::start);
            assertTrue(!busy.isRunning());
        }
    }

    @Test
    void hostAddressTakesHostAndPortFromAUrl() throws Exception {
        server = WebServer.builder().hostAddress("http://127.0.0.1:0/ignored/path").build().start();
        assertTrue(server.port() > 0);
        assertThrows(IllegalArgumentException.class, () -> WebServer.builder().hostAddress("not a url"));
        assertThrows(IllegalArgumentException.class, () -> WebServer.builder().hostAddress("ftp://host:21"));
        assertThrows(IllegalArgumentException.class, () -> WebServer.builder().pathPrefix("a/../b"));
    }

    @Test
    void requestPathsAreCheckedBeforeAnyLookup() {
        assertEquals(List.of(), WebServer.checkedSegments("/"));
        assertEquals(List.of("a b", "c+d.js"), WebServer.checkedSegments("/a%20b/c+d.js"));
        assertEquals(List.of("dir"), WebServer.checkedSegments("/dir/"));
        for (String bad : List.of("/..", "/a/../b", "/%2e%2e", "/a%2fb", "/a%5cb", "/a//b", "/./a", "/%00", "/%", "x")) {
            assertNull(WebServer.checkedSegments(bad), bad);
        }
        assertEquals("\"a\\\"b\\\\c\\u003c/script\\u003e\"", WebServer.jsonString("a\"b\\c</script>"));
    }

    @Test
    void servesHttpsWithAPemCertificateAndKey(@TempDir Path tmp) throws Exception {
        Path cert = tmp.resolve("cert.pem");
        Path key = tmp.resolve("key.pem");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "skipped: openssl is missing");
        Process openssl = new ProcessBuilder("/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1").redirectErrorStream(true).start();
        String log = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0, log);

        start(WebServer.builder().tls(cert, key));
        assertTrue(server.uri().startsWith("https://127.0.0.1:"), server.uri());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trust.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        HttpClient https = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> page = https.send(HttpRequest.newBuilder(URI.create(server.uri())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("webrtcsink viewer"));
    }

    @Test
    void unusableTlsFilesFailToStart(@TempDir Path tmp) throws Exception {
        Path cert = Files.writeString(tmp.resolve("cert.pem"), "not a certificate");
        Path key = Files.writeString(tmp.resolve("key.pem"), "not a key");
        WebServer broken = WebServer.builder().port(0).tls(cert, key).build();
        IOException e = assertThrows(IOException.class, broken::start);
        assertTrue(e.getMessage().contains("cert.pem"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WebServer.builder().tls(cert, null));
    }
}
