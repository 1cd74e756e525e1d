package dev.webrtcsink.server.core;

/**
 * The signalling state machine (peers, roles, sessions) behind one transport.
 *
 * <p>Threading: every method is called from the server's single event loop thread, never
 * concurrently, so implementations keep plain (unsynchronised) state. They never block and
 * never do I/O themselves: everything they want to say goes through the {@link Outbox} given
 * at construction, in order.
 */
public interface SignallingCore {

    /**
     * A connection was accepted and given {@code peerId}; the core welcomes it. Ids must be unique
     * among live connections; upstream uses random UUID v4 strings ({@code UUID.randomUUID()}).
     */
    void connected(String peerId);

    /**
     * One text frame from {@code peerId}. Parsing happens here so the rules for bad input live
     * in one place: a malformed, unknown or rejected message gets an {@code error} reply.
     */
    void received(String peerId, String text);

    /** The connection of {@code peerId} is gone (close, error, dead peer); its sessions end. */
    void disconnected(String peerId);

    /** Counters and sizes at this moment; called on the event loop thread. */
    CoreStats stats();

    /** Human-readable internal state for diagnosis. */
    String dump();
}
