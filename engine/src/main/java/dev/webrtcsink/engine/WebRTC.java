package dev.webrtcsink.engine;

import dev.webrtcsink.api.SignallerFactory;
import dev.webrtcsink.engine.sink.element.SinkElementTypes;
import dev.webrtcsink.engine.src.SrcElementTypes;
import java.util.List;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Version;

/**
 * The one entry point applications call before using our elements: initialises GStreamer
 * (when the application has not) and registers every element factory this SDK provides.
 * Idempotent and thread-safe.
 */
public final class WebRTC {
    private static boolean registered;

    private WebRTC() {}

    /** Initialises GStreamer if needed and registers our elements; safe to call repeatedly. */
    public static synchronized void register() {
        if (!Gst.isInitialized()) {
            Gst.init(Version.of(1, 16), "webrtcsink-java");
        }
        if (registered) {
            return;
        }
        // one webrtcsink variant per signaller factory on the class path (ServiceLoader): default -> webrtcsink
        List<SignallerFactory> factories = SignallerFactory.discover();
        SinkElementTypes.registerAll(factories);
        // one webrtcsrc variant per consumer-capable factory: default -> webrtcsrc (with the gstwebrtc:// URI handler)
        SrcElementTypes.registerAll(factories);
        registered = true;
    }
}
