package dev.webrtcsink.signaller.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.webrtcsink.api.Role;
import dev.webrtcsink.server.SignallingServer;
import dev.webrtcsink.server.core.Outbox;
import dev.webrtcsink.server.core.SignallingCore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a signaller test starts: signallers and the servers they talk to. After each test it stops the signallers, then
 * the servers still running, and checks that no signaller thread is left behind. Register it as an instance field,
 * {@code @RegisterExtension final SignallerFixture fixture = new SignallerFixture();}.
 */
final class SignallerFixture implements AfterEachCallback {
    private interface Stop {
        void stop() throws InterruptedException;
    }

    private final List<WebSocketSignaller> signallers = new ArrayList<>();
    private final Map<Object, Stop> servers = new LinkedHashMap<>();

    /** A signaller (not started) on {@code uri}, with {@code properties} set. */
    WebSocketSignaller signaller(Role role, String uri, Map<String, Object> properties) {
        WebSocketSignaller s = new WebSocketSignaller(role);
        s.set("uri", uri);
        properties.forEach(s::set);
        signallers.add(s);
        return s;
    }

    /** A signaller (not started) for the project's server, with {@code properties} set. */
    WebSocketSignaller signaller(Role role, SignallingServer server, Map<String, Object> properties) {
        return signaller(role, "ws://127.0.0.1:" + server.port(), properties);
    }

    /** The signallers made so far, oldest first. */
    List<WebSocketSignaller> signallers() {
        return signallers;
    }

    /** The project's server on 127.0.0.1, {@code port} 0 for any. */
    SignallingServer realServer(int port) throws InterruptedException {
        return realServer(port, null);
    }

    /** The project's server on 127.0.0.1 with its own core ({@code core} null: the default one). */
    SignallingServer realServer(int port, Function<Outbox, SignallingCore> core) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                SignallingServer.Builder builder = SignallingServer.builder().host("127.0.0.1").port(port);
                if (core != null) {
                    builder.core(core);
                }
                SignallingServer s = builder.build().start();
                servers.put(s, s::stop);
                return s;
            } catch (RuntimeException e) {
                if (attempt >= 50 || port == 0) {
                    throw e;
                }
                Thread.sleep(100); // a restarted server may find its port still held for a moment
            }
        }
    }

    /** A scripted server on 127.0.0.1, {@code port} 0 for any. */
    ScriptedServer scriptedServer(int port) throws InterruptedException {
        ScriptedServer s = ScriptedServer.start(port, null);
        servers.put(s, s::shutdown);
        return s;
    }

    /** The test stopped {@code server} itself. */
    void stopped(Object server) {
        servers.remove(server);
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        signallers.forEach(WebSocketSignaller::stop);
        for (Stop server : servers.values()) {
            server.stop();
        }
        assertEquals(List.of(), Threads.signallerThreads());
    }
}
