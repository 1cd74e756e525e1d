package dev.webrtcsink.api;

import java.util.List;

/**
 * The signalling side of a WebRTC element: how it finds peers and exchanges session
 * descriptions and ICE candidates with them. Mirrors upstream's Signallable interface.
 * The element calls the methods here; the signaller reports what arrives through the
 * {@link SignallerListener} given to {@link #start}.
 *
 * <p>Threading contract:
 * <ul>
 *   <li>The element calls every method from its control thread, never from a GStreamer
 *       streaming thread, and never concurrently.</li>
 *   <li>{@link #start} returns promptly: connecting happens in the background and failures
 *       arrive as {@link SignallerListener#error}.</li>
 *   <li>The send methods never block on the network: they queue (sends before the
 *       connection is up are queued or dropped as the implementation documents).</li>
 *   <li>{@link #stop} blocks until the signaller is quiet: after it returns no listener method
 *       is called any more. A stopped signaller may be started again.</li>
 * </ul>
 *
 * <p>Configuration goes through named properties ({@link #properties}, {@link #get},
 * {@link #set}) so the element layer can expose them as {@code signaller::name=value}.
 */
public interface Signaller {

    /** Begins signalling; events go to {@code listener} until {@link #stop} returns. */
    void start(SignallerListener listener);

    /** Ends signalling and releases connections and threads; idempotent. */
    void stop();

    /** Sends the local offer or answer of a session. */
    void sendSessionDescription(String sessionId, SessionDescription description);

    /** Sends a local ICE candidate of a session. */
    void sendIceCandidate(String sessionId, IceCandidate candidate);

    /** Tells the remote side the session is over. */
    void endSession(String sessionId);

    /** Tells the remote side the session is over because of {@code error} (may be null). */
    default void endSessionWithError(String sessionId, String error) {
        endSession(sessionId);
    }

    /**
     * True when the signaller rewrites SDP itself, so the element must not apply its
     * application munging hook before {@link #sendSessionDescription}.
     */
    default boolean manualSdpMunging() {
        return false;
    }

    /** The properties this signaller understands, in display order. */
    List<PropertySpec> properties();

    /** Current value of a property, in its Java type. */
    Object get(String property);

    /**
     * Sets a property (strings are parsed to the property's type).
     *
     * @throws IllegalArgumentException for an unknown name, a read-only property or a bad value
     */
    void set(String property, Object value);

    /** Registers a callback for property changes, including read-only state such as ids. */
    default void addPropertyListener(PropertyListener listener) {}

    /** Human-readable internal state for diagnosis. */
    default String dump() {
        return getClass().getSimpleName();
    }

    /** Told when a property value changes. */
    @FunctionalInterface
    interface PropertyListener {
        void propertyChanged(String property, Object newValue);
    }
}
