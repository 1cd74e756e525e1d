package dev.webrtcsink.signaller.websocket;

import dev.webrtcsink.api.Role;
import java.net.URI;
import java.util.Map;

/**
 * The property values one {@code start()} works with, captured when it begins: changing
 * properties of a running signaller takes effect at the next start.
 *
 * @param uri where to connect, without the configuration query
 * @param headers extra handshake request headers
 * @param reconnectAttempts consecutive failed reconnects before giving up; -1 = never give
 *     up, 0 = do not reconnect
 */
record ConnectSettings(Role role, URI uri, Map<String, String> headers, String cafile, boolean insecureTls,
                       String producerPeerId, boolean connectToFirstProducer, int connectTimeoutMillis,
                       int reconnectAttempts, int reconnectDelayMillis, int reconnectMaxDelayMillis) {

    ConnectSettings {
        headers = Map.copyOf(headers);
    }

    boolean secure() {
        return "wss".equals(uri.getScheme());
    }
}
