package dev.webrtcsink.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * What a peer announces about itself ({@code setPeerStatus}) and what listeners are told
 * ({@code peerStatusChanged}).
 *
 * @param roles the peer's roles in the order given; may be empty, may repeat (upstream allows it)
 * @param meta free-form JSON shown to other peers, or {@code null}; treat as read-only
 * @param peerId the peer's id, or {@code null}; on the wire it is omitted (not {@code null}) when
 *     absent — the only optional field with that rule
 */
public record PeerStatus(List<PeerRole> roles, JsonNode meta, String peerId) {

    public PeerStatus {
        roles = List.copyOf(Objects.requireNonNull(roles, "roles"));
        meta = MetaValues.copyOf(meta);
    }

    /** The status of a freshly connected peer: no roles, no meta, no id. */
    public static PeerStatus initial() {
        return new PeerStatus(List.of(), null, null);
    }

    /** This status with {@code peerId} replaced. */
    public PeerStatus withPeerId(String newPeerId) {
        return new PeerStatus(roles, meta, newPeerId);
    }

    public boolean isProducer() {
        return roles.contains(PeerRole.PRODUCER);
    }

    /** Whether the peer is a passive consumer (role {@code consumer}). */
    public boolean isConsumer() {
        return roles.contains(PeerRole.CONSUMER);
    }

    public boolean isListener() {
        return roles.contains(PeerRole.LISTENER);
    }
}
