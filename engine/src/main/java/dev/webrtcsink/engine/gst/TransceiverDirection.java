package dev.webrtcsink.engine.gst;

/** GstWebRTCRTPTransceiverDirection. */
public enum TransceiverDirection {
    NONE(0), INACTIVE(1), SENDONLY(2), RECVONLY(3), SENDRECV(4);

    final int nativeValue;

    TransceiverDirection(int nativeValue) {
        this.nativeValue = nativeValue;
    }
}
