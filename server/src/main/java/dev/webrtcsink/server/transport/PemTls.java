package dev.webrtcsink.server.transport;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Builds a server {@link SSLContext} from PEM files, like upstream's rustls set-up: every
 * certificate in the chain file is used (none is an error), and the key may be PKCS#8
 * ({@code PRIVATE KEY}), PKCS#1 RSA ({@code RSA PRIVATE KEY}) or SEC1 EC
 * ({@code EC PRIVATE KEY}, optionally preceded by {@code EC PARAMETERS}). Encrypted keys are
 * refused. BouncyCastle only parses PEM; the keys themselves are JDK keys, so no security
 * provider needs registering (which a shaded, unsigned BC jar could not do anyway).
 */
public final class PemTls {

    /** Why TLS could not be set up; the message names the file and the problem. */
    public static final class TlsSetupException extends Exception {
        private static final long serialVersionUID = 1L;

        TlsSetupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private PemTls() {}

    public static SSLContext serverContext(Path certificateChain, Path privateKey) throws TlsSetupException {
        List<X509Certificate> chain = readCertificates(certificateChain);
        PrivateKey key = readPrivateKey(privateKey);
        checkKeyMatchesCertificate(key, chain.get(0), privateKey, certificateChain);
        try {
            char[] password = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, password, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsSetupException("cannot build a TLS context from " + certificateChain + " and "
                    + privateKey + ": " + e.getMessage(), e);
        }
    }

    static List<X509Certificate> readCertificates(Path file) throws TlsSetupException {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (Reader reader = Files.newBufferedReader(file); PEMParser parser = new PEMParser(reader)) {
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                if (item instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new TlsSetupException("cannot read PEM certificates from " + file + ": " + describe(e), e);
        }
        if (chain.isEmpty()) {
            throw new TlsSetupException("no PEM certificate (BEGIN CERTIFICATE) found in " + file, null);
        }
        return chain;
    }

    static PrivateKey readPrivateKey(Path file) throws TlsSetupException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (Reader reader = Files.newBufferedReader(file); PEMParser parser = new PEMParser(reader)) {
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                if (item instanceof PEMKeyPair pair) {            // PKCS#1 RSA or SEC1 EC
                    return converter.getKeyPair(pair).getPrivate();
                }
                if (item instanceof PrivateKeyInfo info) {        // PKCS#8
                    return converter.getPrivateKey(info);
                }
                if (item instanceof PEMEncryptedKeyPair || item instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new TlsSetupException("the private key in " + file
                            + " is encrypted; provide an unencrypted PEM key", null);
                }
                // anything else (EC PARAMETERS, certificates) is skipped
            }
        } catch (TlsSetupException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new TlsSetupException("cannot read PEM private key from " + file + ": " + describe(e), e);
        }
        throw new TlsSetupException("no PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC) found in " + file, null);
    }

    /** Fails early and clearly, rather than with an obscure handshake error for every client. */
    private static void checkKeyMatchesCertificate(PrivateKey key, X509Certificate leaf, Path keyFile,
                                                   Path certFile) throws TlsSetupException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return; // unusual key type: let the TLS stack judge it
        }
        try {
            byte[] probe = "webrtcsink key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // falls through: a key of another type than the certificate's cannot verify
        }
        throw new TlsSetupException("the private key in " + keyFile
                + " does not match the first certificate in " + certFile, null);
    }

    private static String describe(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
