package dev.webrtcsink.engine.sink;

import dev.webrtcsink.api.SessionDescription;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Pipeline;

/**
 * What the controller tells the element (and applications): the signals of spec §14 plus the
 * element-level reactions to signaller events. All methods default to doing nothing.
 *
 * <p>Threading: called on the controller's control thread. Implementations may call back into
 * the controller's non-blocking methods, but must not wait for the control thread.
 */
public interface WebRTCSinkListener extends SetupHooks {

    /** First thing after a consumer pipeline is created ({@code consumer-pipeline-created}). */
    default void consumerPipelineCreated(String peerId, Pipeline pipeline) {}

    /** webrtcbin configured, pipeline READY, before negotiation ({@code consumer-added}); add data channels here. */
    default void consumerAdded(String peerId, Element webrtcbin) {}

    /** A session was dropped ({@code consumer-removed}). */
    default void consumerRemoved(String peerId, Element webrtcbin) {}

    /**
     * Rewrites a local description before it is sent (signaller {@code munge-session-description});
     * skipped when the signaller munges by itself. Return the description to send.
     */
    default SessionDescription mungeSessionDescription(String sessionId, SessionDescription description) {
        return description;
    }

    /** A fatal signalling error: the element posts ERROR "Signalling error: ..." . */
    default void signallingError(String message) {}

    /** The signaller asked for a graceful end: the element posts EOS. */
    default void shutdownRequested() {}
}
