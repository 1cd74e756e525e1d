package dev.webrtcsink.engine.element;

import java.util.List;
import java.util.Objects;

/**
 * Makes a Java-defined element a GstURIHandler, so that {@code gst_element_make_from_uri} (and with it playbin3,
 * uridecodebin3, urisourcebin) picks its factory for the given protocols. The element implements
 * {@link JavaElement#uri()} and {@link JavaElement#setUri(String)}. Immutable.
 *
 * @param source    true for GST_URI_SRC (a source), false for GST_URI_SINK
 * @param protocols URI schemes, lower case, e.g. {@code gstwebrtc}
 */
public record UriHandlerDef(boolean source, List<String> protocols) {
    public UriHandlerDef {
        protocols = List.copyOf(Objects.requireNonNull(protocols, "protocols"));
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("a URI handler needs at least one protocol");
        }
        for (String p : protocols) {
            if (!p.matches("[a-z][a-z0-9+.-]*")) {
                throw new IllegalArgumentException("not a URI scheme: '" + p + "'");
            }
        }
    }

    public static UriHandlerDef source(String... protocols) {
        return new UriHandlerDef(true, List.of(protocols));
    }

    public static UriHandlerDef sink(String... protocols) {
        return new UriHandlerDef(false, List.of(protocols));
    }

    /** GstURIType: GST_URI_SINK = 1, GST_URI_SRC = 2. */
    int nativeUriType() {
        return source ? 2 : 1;
    }
}
