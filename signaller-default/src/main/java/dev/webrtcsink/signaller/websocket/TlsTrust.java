package dev.webrtcsink.signaller.websocket;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the TLS context for {@code wss://} connections.
 *
 * <p>Unlike upstream (which verifies only when {@code cafile} is set), certificates are
 * verified by default: against the JVM's default trust store plus the CA certificates of
 * {@code cafile} if set. Host names are checked too (Java-WebSocket enables HTTPS endpoint
 * identification). Only {@code insecure-tls=true} turns both checks off.
 */
final class TlsTrust {

    private TlsTrust() {}

    /**
     * @param cafile PEM file with extra trusted CA certificates, or {@code null}
     * @param insecure trust every certificate (no verification at all)
     * @throws GeneralSecurityException or IOException when {@code cafile} cannot be used
     */
    static SSLContext context(String cafile, boolean insecure) throws GeneralSecurityException, IOException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        if (insecure) {
            ctx.init(null, new TrustManager[] {new TrustEverything()}, null);
            return ctx;
        }
        List<X509TrustManager> managers = new ArrayList<>();
        managers.add(trustManagerFor(null)); // the JVM's default trust store ("system" roots)
        if (cafile != null && !cafile.isBlank()) {
            managers.add(trustManagerFor(keyStoreOf(readPem(Path.of(cafile)))));
        }
        ctx.init(null, new TrustManager[] {new AnyOf(managers)}, null);
        return ctx;
    }

    private static List<X509Certificate> readPem(Path file) throws IOException, GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(file)) {
            certs = cf.generateCertificates(in);
        }
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : certs) {
            out.add((X509Certificate) c);
        }
        if (out.isEmpty()) {
            throw new GeneralSecurityException("no certificate in cafile " + file);
        }
        return out;
    }

    private static KeyStore keyStoreOf(List<X509Certificate> certs) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        for (int i = 0; i < certs.size(); i++) {
            ks.setCertificateEntry("cafile-" + i, certs.get(i));
        }
        return ks;
    }

    private static X509TrustManager trustManagerFor(KeyStore ks) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks); // null = the default trust store
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509TrustManager available");
    }

    /** Accepts a server chain if any of the delegates does (system roots OR cafile). */
    private static final class AnyOf implements X509TrustManager {
        private final List<X509TrustManager> delegates;

        AnyOf(List<X509TrustManager> delegates) {
            this.delegates = List.copyOf(delegates);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            java.security.cert.CertificateException first = null;
            for (X509TrustManager tm : delegates) {
                try {
                    tm.checkServerTrusted(chain, authType);
                    return;
                } catch (java.security.cert.CertificateException e) {
                    if (first == null) {
                        first = e;
                    }
                }
            }
            throw first;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("client certificates are not used");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegates.stream().flatMap(tm -> java.util.Arrays.stream(tm.getAcceptedIssuers()))
                    .toArray(X509Certificate[]::new);
        }
    }

    /** insecure-tls: no verification whatsoever. */
    private static final class TrustEverything implements X509TrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
