package dev.webrtcsink.engine.sink;

/** Where a consumer session is in its life. */
public enum SessionState {
    /** Pipeline and webrtcbin being built. */
    PREPARING,
    /** Offer sent, waiting for the answer. */
    AWAITING_ANSWER,
    /** Descriptions exchanged, media flowing into webrtcbin, ICE/DTLS still connecting. */
    CONNECTING,
    /** webrtcbin reports the peer connection connected. */
    STREAMING,
    /** Torn down; the pipeline is in NULL. */
    ENDED
}
