package dev.webrtcsink.server.transport;

import java.io.IOException;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.java_websocket.SSLSocketChannel2;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.extensions.IExtension;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;

/**
 * Creates the library's per-connection objects: a {@link GatedWebSocket} speaking RFC 6455
 * with our frame-size cap, over TLS when an {@link SSLContext} is given. Every new socket is
 * registered in {@code upgrading} so the transport's sweep can time out connections that never
 * finish TLS or the upgrade.
 */
final class UpgradeSocketFactory implements WebSocketServerFactory {
    private final SSLContext tls;
    private final ExecutorService tlsTasks;
    private final Draft draft;
    private final GatedWebSocket.UpgradeCheck check;
    private final Set<GatedWebSocket> upgrading;

    UpgradeSocketFactory(SSLContext tls, int hardFrameCapBytes, GatedWebSocket.UpgradeCheck check,
                         Set<GatedWebSocket> upgrading) {
        this.tls = tls;
        // the TLS engine's delegated tasks (key exchange maths) run here, off the selector
        this.tlsTasks = tls == null ? null : Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "signalling-tls-tasks");
            t.setDaemon(true);
            return t;
        });
        // Protocol("") accepts clients asking for no subprotocol or any, like the default draft
        List<IProtocol> anyProtocol = List.of(new Protocol(""));
        this.draft = new Draft_6455(List.<IExtension>of(), anyProtocol, hardFrameCapBytes);
        this.check = check;
        this.upgrading = upgrading;
    }

    @Override
    public WebSocketImpl createWebSocket(WebSocketAdapter adapter, Draft ignored) {
        return createWebSocket(adapter, List.of(draft));
    }

    @Override
    public WebSocketImpl createWebSocket(WebSocketAdapter adapter, List<Draft> ignored) {
        GatedWebSocket socket = new GatedWebSocket(adapter, List.of(draft), check);
        upgrading.add(socket);
        return socket;
    }

    @Override
    public ByteChannel wrapChannel(SocketChannel channel, SelectionKey key) throws IOException {
        if (tls == null) {
            return channel;
        }
        SSLEngine engine = tls.createSSLEngine();
        engine.setUseClientMode(false);
        return new SSLSocketChannel2(channel, engine, tlsTasks, key);
    }

    @Override
    public void close() {
        if (tlsTasks != null) {
            tlsTasks.shutdownNow();
            try {
                tlsTasks.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
