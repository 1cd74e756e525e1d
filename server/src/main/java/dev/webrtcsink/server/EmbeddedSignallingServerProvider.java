package dev.webrtcsink.server;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts an in-process signalling server for webrtcsink's {@code run-signalling-server=true},
 * without the element depending on this module at compile time: find it with
 * {@code ServiceLoader.load(EmbeddedSignallingServerProvider.class)} (it is registered under
 * its own name in {@code META-INF/services}) or by reflection on this class name, and call
 * {@link #start} reflectively.
 *
 * <p>Behaves like upstream's embedded server: same handler, TLS when both paths are given, and
 * {@code responseHeaders} (the {@code signalling-server-headers} property) appended to every
 * handshake response, invalid names or values skipped with a warning.
 */
public final class EmbeddedSignallingServerProvider {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSignallingServerProvider.class);

    public EmbeddedSignallingServerProvider() {
        // ServiceLoader needs a public no-argument constructor
    }

    /**
     * Starts a server and returns it; {@code close()} stops it. The returned object is a
     * {@link SignallingServer} ({@code port()}, {@code uri()}, {@code stats()}, {@code dump()}).
     *
     * @param host address to bind, e.g. {@code 0.0.0.0}
     * @param port TCP port; 0 picks a free one
     * @param certPath PEM certificate chain, or null for plain ws
     * @param keyPath PEM private key, or null for plain ws
     * @param responseHeaders extra handshake response headers, or null
     * @throws SignallingServerException when it cannot start (the element posts
     *     "Failed to start signalling server: " + message)
     */
    public AutoCloseable start(String host, int port, String certPath, String keyPath,
                               Map<String, String> responseHeaders) {
        SignallingServer.Builder builder = SignallingServer.builder().host(host).port(port);
        if (certPath != null || keyPath != null) {
            if (certPath == null || keyPath == null) {
                throw new SignallingServerException("TLS needs both a certificate and a key; got only the "
                        + (certPath == null ? "key" : "certificate"));
            }
            builder.tls(Path.of(certPath), Path.of(keyPath));
        }
        if (responseHeaders != null) {
            Map<String, String> valid = new LinkedHashMap<>();
            responseHeaders.forEach((name, value) -> {
                String problem = SignallingServer.Builder.headerProblem(name, value);
                if (problem == null) {
                    valid.put(name, value);
                } else {
                    LOG.warn("skipping signalling server header: {}", problem);
                }
            });
            builder.headers(valid);
        }
        return builder.build().start();
    }
}
