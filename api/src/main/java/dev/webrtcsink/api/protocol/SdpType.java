package dev.webrtcsink.api.protocol;

/** Whether a relayed session description is an offer or an answer. */
public enum SdpType {
    OFFER("offer"),
    ANSWER("answer");

    private final String wireName;

    SdpType(String wireName) {
        this.wireName = wireName;
    }

    /** The JSON spelling, e.g. {@code "offer"}. */
    public String wireName() {
        return wireName;
    }

    /** The type spelled {@code wireName} on the wire, or {@code null} if there is none. */
    public static SdpType fromWireName(String wireName) {
        for (SdpType type : values()) {
            if (type.wireName.equals(wireName)) {
                return type;
            }
        }
        return null;
    }
}
