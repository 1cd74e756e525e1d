package dev.webrtcsink.api;

/** A signalling failure: bad configuration, a lost connection, a message we cannot use. */
public class SignallerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SignallerException(String message) {
        super(message);
    }

    public SignallerException(String message, Throwable cause) {
        super(message, cause);
    }
}
