package dev.webrtcsink.engine.gst;

/** webrtcbin refused or failed an operation; the message carries webrtcbin's own error text when it gave one. */
public class WebRtcException extends RuntimeException {
    public WebRtcException(String message) {
        super(message);
    }
}
