package dev.webrtcsink.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.server.testing.RawWebSocketClient;
import dev.webrtcsink.server.testing.RelayTestCore;
import dev.webrtcsink.server.testing.TestCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** wss:// from PEM files made by openssl; a TLS set-up failure is a start-up error. */
class TlsTest {
    @TempDir
    static Path dir;
    private static Path rsaCert;
    private static Path pkcs8Key;
    private static Path pkcs1Key;
    private static Path ecCert;
    private static Path sec1Key;

    @BeforeAll
    static void makeCertificates() throws Exception {
        Path[] rsa = TestCertificates.rsaPkcs8(dir);
        rsaCert = rsa[0];
        pkcs8Key = rsa[1];
        pkcs1Key = TestCertificates.pkcs1From(dir, pkcs8Key);
        Path[] ec = TestCertificates.ecSec1(dir);
        ecCert = ec[0];
        sec1Key = ec[1];
        assertTrue(Files.readString(pkcs8Key).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertTrue(Files.readString(pkcs1Key).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        assertTrue(Files.readString(sec1Key).contains("-----BEGIN EC PRIVATE KEY-----"));
    }

    private static SignallingServer tlsServer(Path cert, Path key) {
        return SignallingServer.builder().host("127.0.0.1").port(0).tls(cert, key)
                .core(new RelayTestCore()::attach).build().start();
    }

    /** Connects with the JDK's own WebSocket client, trusting only {@code cert}, and echoes once. */
    private static void assertEchoOverTls(SignallingServer server, Path cert) throws Exception {
        assertTrue(server.uri().startsWith("wss://127.0.0.1:"), server.uri());
        SSLContext trust = TestCertificates.trusting(cert);
        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    received.add(partial.toString());
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }
        };
        HttpClient http = HttpClient.newBuilder().sslContext(trust).connectTimeout(Duration.ofSeconds(10)).build();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(server.uri() + "/"), listener)
                .get(10, TimeUnit.SECONDS);
        assertTrue(received.poll(10, TimeUnit.SECONDS).contains("\"type\":\"welcome\""));
        ws.sendText("over tls", true).get(10, TimeUnit.SECONDS);
        assertEquals("over tls", received.poll(10, TimeUnit.SECONDS));
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
    }

    @Test
    void rsaPkcs8Key() throws Exception {
        try (SignallingServer server = tlsServer(rsaCert, pkcs8Key)) {
            assertEchoOverTls(server, rsaCert);
        }
    }

    @Test
    void rsaPkcs1Key() throws Exception {
        try (SignallingServer server = tlsServer(rsaCert, pkcs1Key)) {
            assertEchoOverTls(server, rsaCert);
        }
    }

    @Test
    void ecSec1Key() throws Exception {
        try (SignallingServer server = tlsServer(ecCert, sec1Key)) {
            assertEchoOverTls(server, ecCert);
        }
    }

    @Test
    void rawTlsClientToo() throws Exception {
        try (SignallingServer server = tlsServer(rsaCert, pkcs8Key);
             RawWebSocketClient client = RawWebSocketClient.connectTls(server.port(), TestCertificates.trusting(rsaCert))) {
            assertEquals(101, client.status);
            assertTrue(client.nextText(Duration.ofSeconds(10)).contains("welcome"));
        }
    }

    @Test
    void aBadKeyFileIsAStartUpErrorNamingTheFile() throws Exception {
        Path garbage = dir.resolve("garbage.pem");
        Files.writeString(garbage, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
        SignallingServerException e = assertThrows(SignallingServerException.class, () -> tlsServer(rsaCert, garbage));
        assertTrue(e.getMessage().startsWith("TLS set-up failed: cannot read PEM private key from " + garbage),
                e.getMessage());
    }

    @Test
    void aKeyFileWithoutAKeyIsAStartUpError() throws Exception {
        SignallingServerException e = assertThrows(SignallingServerException.class, () -> tlsServer(rsaCert, rsaCert));
        assertTrue(e.getMessage().contains("no PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC) found in " + rsaCert),
                e.getMessage());
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateIsAStartUpError() {
        SignallingServerException e = assertThrows(SignallingServerException.class, () -> tlsServer(rsaCert, sec1Key));
        assertTrue(e.getMessage().contains("does not match the first certificate in " + rsaCert), e.getMessage());
    }

    @Test
    void aMissingCertificateIsAStartUpError() {
        Path missing = dir.resolve("missing.pem");
        SignallingServerException e = assertThrows(SignallingServerException.class, () -> tlsServer(missing, pkcs8Key));
        assertTrue(e.getMessage().contains("cannot read PEM certificates from " + missing), e.getMessage());
    }
}
