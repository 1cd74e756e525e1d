package dev.webrtcsink.engine.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * An {@link SSLContext} from a PEM certificate chain and a PKCS#8 PEM private key
 * ({@code BEGIN PRIVATE KEY}, what {@code openssl req -newkey} writes), with the JDK alone.
 */
public final class PemKeys {
    private static final Pattern KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([^-]+)-----END PRIVATE KEY-----");

    private PemKeys() {}

    /** @throws IOException naming the file and the problem */
    public static SSLContext serverContext(Path certificate, Path key) throws IOException {
        try {
            var certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certificate)));
            if (certs.isEmpty()) {
                throw new IOException("no certificate in " + certificate);
            }
            String pem = Files.readString(key);
            Matcher m = KEY.matcher(pem);
            if (!m.find()) {
                throw new IOException(key + " holds no PKCS#8 'BEGIN PRIVATE KEY' block"
                        + " (convert with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY8)");
            }
            byte[] der = Base64.getMimeDecoder().decode(m.group(1));
            PrivateKey privateKey = null;
            for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
                try {
                    privateKey = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                    break;
                } catch (GeneralSecurityException wrongAlgorithm) {
                    // try the next one
                }
            }
            if (privateKey == null) {
                throw new IOException("unsupported private key in " + key);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("web", privateKey, new char[0], certs.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS set-up from " + certificate + " and " + key + " failed: " + e.getMessage(), e);
        }
    }
}
