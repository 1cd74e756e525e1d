package dev.webrtcsink.engine.testing;

import dev.webrtcsink.server.SignallingServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real signalling server on loopback for a whole test class, on a port the system picks. Register it as a static
 * field, {@code @RegisterExtension static final ServerFixture server = new ServerFixture();}: it starts before the
 * class's {@code @BeforeAll} methods and stops after its {@code @AfterAll} ones.
 */
public final class ServerFixture implements BeforeAllCallback, AfterAllCallback {
    private volatile SignallingServer server;

    /** A started server on 127.0.0.1 and a free port; the caller stops it. */
    public static SignallingServer startLoopback() {
        return SignallingServer.builder().host("127.0.0.1").port(0).build().start();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = startLoopback();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    public int port() {
        return server.port();
    }

    /** Where signallers reach the server: {@code ws://127.0.0.1:port}. */
    public String uri() {
        return "ws://127.0.0.1:" + port();
    }
}
