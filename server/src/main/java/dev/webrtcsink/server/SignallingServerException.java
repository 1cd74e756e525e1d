package dev.webrtcsink.server;

/** The server could not start: bad TLS files, port in use, no signalling core, ... */
public final class SignallingServerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SignallingServerException(String message) {
        super(message);
    }

    public SignallingServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
