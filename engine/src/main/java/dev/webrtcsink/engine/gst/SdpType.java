package dev.webrtcsink.engine.gst;

/** GstWebRTCSDPType. */
public enum SdpType {
    OFFER(1), PRANSWER(2), ANSWER(3), ROLLBACK(4);

    final int nativeValue;

    SdpType(int nativeValue) {
        this.nativeValue = nativeValue;
    }
}
