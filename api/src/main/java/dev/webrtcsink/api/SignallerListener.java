package dev.webrtcsink.api;

/**
 * What a {@link Signaller} tells its element. Mirrors the signals of upstream's Signallable
 * interface; every method has an empty default so an implementation overrides what it needs.
 *
 * <p>Threading: a signaller calls these from its own thread(s) (for example a WebSocket
 * reader), one event at a time per signaller and in the order the events happened. Methods
 * must return quickly and never block on network or on GStreamer state: the element hops
 * onto its own control thread before doing real work.
 */
public interface SignallerListener {

    /**
     * A remote peer wants a session (producer side).
     *
     * @param offer the peer's offer, or {@code null} when the element must make the offer
     */
    default void sessionRequested(String sessionId, String peerId, SessionDescription offer) {}

    /** A session with a producer started (consumer side); an offer will follow. */
    default void sessionStarted(String sessionId, String peerId) {}

    /** The remote side sent its session description. */
    default void sessionDescription(String sessionId, SessionDescription description) {}

    /** The remote side sent an ICE candidate. */
    default void iceCandidate(String sessionId, IceCandidate candidate) {}

    /**
     * The remote side ended a session; the element tears it down without signalling back.
     *
     * @param error why, when the remote said so; otherwise {@code null}
     */
    default void sessionEnded(String sessionId, String error) {}

    /**
     * A producer became available (listener and consumer roles).
     *
     * @param meta its metadata or {@code null}
     * @param newConnection true if it just registered, false if it came from an initial list
     */
    default void producerAdded(String producerId, Meta meta, boolean newConnection) {}

    /** A producer went away or stopped producing. */
    default void producerRemoved(String producerId, Meta meta) {}

    /**
     * The signaller asks for the metadata to announce; elements answer with their
     * {@code meta} property. Called at most once per connection; may return {@code null}.
     */
    default Meta requestMeta() {
        return null;
    }

    /** A fatal signalling failure; elements post an error "Signalling error: ...". */
    default void error(SignallerException error) {}

    /** The backend asked for a graceful end; webrtcsink posts EOS. */
    default void shutdown() {}
}
