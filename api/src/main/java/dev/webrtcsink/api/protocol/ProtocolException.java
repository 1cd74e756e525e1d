package dev.webrtcsink.api.protocol;

/**
 * A text frame that is not a valid signalling message. The message names the problem precisely
 * (for example {@code missing field 'roles' in setPeerStatus}) because the server sends it back to
 * the peer verbatim in an {@code error} reply.
 */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
