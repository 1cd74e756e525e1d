package dev.webrtcsink.api.protocol;

/** A role a peer announces in {@code setPeerStatus}. */
public enum PeerRole {
    /** Offers media; others can start sessions with it. */
    PRODUCER("producer"),
    /** A passive consumer waiting for a producer to start a session with it. */
    CONSUMER("consumer"),
    /** Receives {@code peerStatusChanged} for every status change of every peer, its own included. */
    LISTENER("listener");

    private final String wireName;

    PeerRole(String wireName) {
        this.wireName = wireName;
    }

    /** The JSON spelling, e.g. {@code "producer"}. */
    public String wireName() {
        return wireName;
    }

    /** The role spelled {@code wireName} on the wire, or {@code null} if there is none. */
    public static PeerRole fromWireName(String wireName) {
        for (PeerRole role : values()) {
            if (role.wireName.equals(wireName)) {
                return role;
            }
        }
        return null;
    }
}
