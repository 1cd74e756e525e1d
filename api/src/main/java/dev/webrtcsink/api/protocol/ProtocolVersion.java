package dev.webrtcsink.api.protocol;

/** The protocol version a peer selects with {@code setProtocolVersion}; {@link #V1_0} by default. */
public enum ProtocolVersion {
    V1_0("v1_0"),
    /** Adds {@code endSessionV1_1}, an end of session carrying an optional error text. */
    V1_1("v1_1");

    private final String wireName;

    ProtocolVersion(String wireName) {
        this.wireName = wireName;
    }

    /** The JSON spelling, e.g. {@code "v1_1"}. */
    public String wireName() {
        return wireName;
    }

    /** Whether a peer on this version may send and receive {@code endSessionV1_1}. */
    public boolean supportsEndSessionWithError() {
        return compareTo(V1_1) >= 0;
    }

    /** The version spelled {@code wireName} on the wire, or {@code null} if there is none. */
    public static ProtocolVersion fromWireName(String wireName) {
        for (ProtocolVersion version : values()) {
            if (version.wireName.equals(wireName)) {
                return version;
            }
        }
        return null;
    }
}
