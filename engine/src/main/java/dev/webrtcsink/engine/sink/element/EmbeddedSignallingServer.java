package dev.webrtcsink.engine.sink.element;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * webrtcsink's embedded signalling server ({@code run-signalling-server=true}, spec §3.2 and signalling-protocol.md
 * §8.2), started through the server module's {@code EmbeddedSignallingServerProvider} found at run time: the engine
 * has no compile dependency on the server, which stays optional on the class path.
 */
final class EmbeddedSignallingServer implements AutoCloseable {
    static final String PROVIDER_CLASS = "dev.webrtcsink.server.EmbeddedSignallingServerProvider";

    private final AutoCloseable server;
    private final String host;
    private final int port;
    private final boolean tls;

    private EmbeddedSignallingServer(AutoCloseable server, String host, int port, boolean tls) {
        this.server = server;
        this.host = host;
        this.port = port;
        this.tls = tls;
    }

    /**
     * Starts a server; returns once it listens.
     *
     * @throws IllegalStateException with the reason (no server module, bind failure, bad TLS files ...)
     */
    static EmbeddedSignallingServer start(String host, int port, String cert, String key, Map<String, String> headers) {
        Object provider = provider();
        try {
            Method start = provider.getClass().getMethod("start", String.class, int.class, String.class, String.class,
                    Map.class);
            AutoCloseable server = (AutoCloseable) start.invoke(provider, host, port, cert, key, headers);
            int bound = (Integer) server.getClass().getMethod("port").invoke(server);
            return new EmbeddedSignallingServer(server, host, bound, cert != null && key != null);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException(PROVIDER_CLASS + " does not have the expected API: " + e, e);
        }
    }

    private static Object provider() {
        ClassLoader[] loaders = {Thread.currentThread().getContextClassLoader(), EmbeddedSignallingServer.class.getClassLoader()};
        for (ClassLoader loader : loaders) {
            if (loader == null) {
                continue;
            }
            try {
                Class<?> type = Class.forName(PROVIDER_CLASS, true, loader);
                @SuppressWarnings({"unchecked", "rawtypes"})
                Iterator<?> found = ServiceLoader.load((Class) type, loader).iterator();
                return found.hasNext() ? found.next() : type.getConstructor().newInstance();
            } catch (ClassNotFoundException e) {
                // try the next loader
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create " + PROVIDER_CLASS + ": " + e, e);
            }
        }
        throw new IllegalStateException("no signalling server on the class path (add the webrtcsink-server module)");
    }

    int port() {
        return port;
    }

    /** The URI the element's own signaller uses: wildcard bind addresses mapped to loopback. */
    String signallerUri() {
        String h = switch (host) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::", "[::]" -> "[::1]";
            default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        };
        return (tls ? "wss://" : "ws://") + h + ":" + port;
    }

    boolean tls() {
        return tls;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the signalling server failed: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "embedded signalling server on " + host + ":" + port + (tls ? " (TLS)" : "");
    }
}
