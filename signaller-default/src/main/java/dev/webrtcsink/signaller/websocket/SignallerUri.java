package dev.webrtcsink.signaller.websocket;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The {@code uri} property value: a {@code ws://} or {@code wss://} URL whose query may carry
 * {@code peer-id} and {@code connect-to-first-producer} (that is how webrtcsrc's
 * {@code gstwebrtc://host?peer-id=...} URIs reach the signaller). The query configures the
 * signaller and is never sent to the server.
 *
 * @param withoutQuery the URL to connect to, normalised (lower-case scheme, path at least "/")
 * @param peerId the {@code peer-id} query parameter, or {@code null} when absent
 * @param connectToFirstProducer the {@code connect-to-first-producer} parameter, or
 *     {@code null} when absent
 */
record SignallerUri(URI withoutQuery, String peerId, Boolean connectToFirstProducer) {

    /**
     * Parses and checks a URI.
     *
     * @throws IllegalArgumentException when it is not an absolute ws/wss URL with a host
     */
    static SignallerUri parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("property 'uri': empty");
        }
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("property 'uri': not a URL: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
            throw new IllegalArgumentException("property 'uri': scheme must be ws or wss: " + text);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("property 'uri': no host in " + text);
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        URI base = URI.create(scheme + "://" + uri.getRawAuthority() + path);

        String peerId = null;
        Boolean connectFirst = null;
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (key.equals("peer-id")) {
                    peerId = value;
                } else if (key.equals("connect-to-first-producer")) {
                    // upstream: true, 1 or empty (case-insensitive) mean true, anything else false
                    String v = value.toLowerCase(Locale.ROOT);
                    connectFirst = v.isEmpty() || v.equals("true") || v.equals("1");
                }
            }
        }
        return new SignallerUri(base, peerId, connectFirst);
    }

    /**
     * The text stored in the property: the base URL with a query that reflects the current
     * consumer settings, as upstream does (connect-to-first-producer wins over peer-id).
     */
    static String storedForm(URI base, String producerPeerId, boolean connectToFirstProducer) {
        if (connectToFirstProducer) {
            return base + "?connect-to-first-producer=true";
        }
        if (producerPeerId != null) {
            return base + "?peer-id=" + java.net.URLEncoder.encode(producerPeerId, StandardCharsets.UTF_8);
        }
        return base.toString();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
