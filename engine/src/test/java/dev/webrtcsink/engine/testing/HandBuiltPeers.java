package dev.webrtcsink.engine.testing;

import dev.webrtcsink.api.Signaller;
import dev.webrtcsink.engine.gst.WebRtcBin;
import java.util.concurrent.ExecutorService;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;

/** What the tests' hand-built webrtcbin peers (producers and consumers without our elements) share. */
public final class HandBuiltPeers {
    private HandBuiltPeers() {}

    /**
     * Tears a peer down in the order that leaves nothing behind: signalling quiet first (no event reaches a stopping
     * pipeline), its worker, then the pipeline to NULL and every native reference dropped now rather than at GC
     * (webrtcbin keeps its ICE sockets until finalized).
     */
    public static void close(Signaller signaller, ExecutorService worker, Pipeline pipeline, WebRtcBin webrtcbin,
                             Element webrtcbinElement) {
        signaller.stop();
        worker.shutdownNow();
        pipeline.setState(State.NULL);
        webrtcbin.close();
        webrtcbinElement.dispose();
        pipeline.dispose();
    }
}
