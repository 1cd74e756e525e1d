package dev.webrtcsink.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Self-signed certificates for 127.0.0.1/localhost, made with the {@code openssl} CLI. */
public final class TestCertificates {
    private TestCertificates() {}

    /** A certificate with an RSA key in PKCS#8 ({@code BEGIN PRIVATE KEY}). */
    public static Path[] rsaPkcs8(Path dir) throws IOException, InterruptedException {
        Path key = dir.resolve("rsa-pkcs8.key.pem");
        Path cert = dir.resolve("rsa.cert.pem");
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out",
                cert.toString(), "-days", "1", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        return new Path[] {cert, key};
    }

    /** The same RSA key rewritten as PKCS#1 ({@code BEGIN RSA PRIVATE KEY}). */
    public static Path pkcs1From(Path dir, Path pkcs8Key) throws IOException, InterruptedException {
        Path key = dir.resolve("rsa-pkcs1.key.pem");
        openssl(dir, "pkey", "-in", pkcs8Key.toString(), "-traditional", "-out", key.toString());
        return key;
    }

    /** A certificate with a P-256 key in SEC1 ({@code EC PARAMETERS} + {@code EC PRIVATE KEY}). */
    public static Path[] ecSec1(Path dir) throws IOException, InterruptedException {
        Path key = dir.resolve("ec-sec1.key.pem");
        Path cert = dir.resolve("ec.cert.pem");
        openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-out", key.toString());
        openssl(dir, "req", "-x509", "-new", "-key", key.toString(), "-out", cert.toString(), "-days", "1",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        return new Path[] {cert, key};
    }

    /** A client context that trusts exactly the certificates in {@code certPem}. */
    public static SSLContext trusting(Path certPem) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> certs = new ArrayList<>();
        try (InputStream in = Files.newInputStream(certPem)) {
            factory.generateCertificates(in).forEach(c -> certs.add((X509Certificate) c));
        }
        for (int i = 0; i < certs.size(); i++) {
            trust.setCertificateEntry("trusted-" + i, certs.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed: "
                    + Files.readString(dir.resolve("openssl.log")));
        }
    }
}
