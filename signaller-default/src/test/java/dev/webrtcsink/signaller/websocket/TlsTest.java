package dev.webrtcsink.signaller.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.api.Role;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * wss:// against a server with a self-signed certificate made by the openssl CLI: rejected by
 * default, accepted when it is the cafile, accepted unverified with insecure-tls.
 */
class TlsTest {
    @TempDir
    static Path dir;
    private static ScriptedServer server;
    @RegisterExtension
    final SignallerFixture fixture = new SignallerFixture();

    @BeforeAll
    static void startTlsServer() throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "key.pem", "-out", "cert.pem", "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost");
        openssl("pkcs12", "-export", "-in", "cert.pem", "-inkey", "key.pem", "-out", "server.p12",
                "-passout", "pass:secret");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
            ks.load(in, "secret".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "secret".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = ScriptedServer.start(0, tls);
    }

    @AfterAll
    static void stopTlsServer() throws InterruptedException {
        if (server != null) {
            server.shutdown();
        }
    }

    private static void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl failed: " + out);
    }

    private RecordingListener start(String host, Object... props) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (int i = 0; i < props.length; i += 2) {
            properties.put((String) props[i], props[i + 1]);
        }
        WebSocketSignaller s = fixture.signaller(Role.PRODUCER, "wss://" + host + ":" + server.getPort(), properties);
        RecordingListener events = new RecordingListener();
        s.start(events);
        return events;
    }

    private static void awaitRegistered(WebSocketSignaller s) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (s.get("client-id") == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(s.get("client-id") != null, "not welcomed: " + s.dump());
    }

    @Test
    void selfSignedCertificateIsRejectedByDefault() {
        RecordingListener events = start("127.0.0.1");
        String error = events.await("error");
        assertTrue(error.startsWith("error Error receiving: TLS certificate verification failed for wss://127.0.0.1:"),
                error);
        assertTrue(error.contains("cafile") && error.contains("insecure-tls=true"), error);
    }

    @Test
    void cafileMakesItTrusted() throws Exception {
        start("localhost", "cafile", dir.resolve("cert.pem").toString());
        awaitRegistered(fixture.signallers().get(0));
    }

    @Test
    void hostNameIsCheckedToo() {
        // the certificate names localhost only; 127.0.0.1 reaches the same server
        RecordingListener events = start("127.0.0.1", "cafile", dir.resolve("cert.pem").toString());
        String error = events.await("error");
        assertTrue(error.startsWith("error Error receiving: TLS certificate verification failed"), error);
        assertTrue(error.contains("No subject alternative names matching IP address 127.0.0.1"), error);
    }

    @Test
    void insecureTlsSkipsVerification() throws Exception {
        start("127.0.0.1", "insecure-tls", true);
        awaitRegistered(fixture.signallers().get(0));
    }

    @Test
    void unreadableCafileIsAnError() {
        RecordingListener events = start("127.0.0.1", "cafile", dir.resolve("missing.pem").toString());
        String error = events.await("error");
        assertTrue(error.startsWith("error Error receiving: cannot set up TLS with cafile"), error);
    }
}
