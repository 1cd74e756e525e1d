package dev.webrtcsink.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One entry of a {@code list} or {@code listConsumers} reply.
 *
 * @param id the peer's id
 * @param meta the peer's meta, or {@code null}; treat as read-only
 */
public record PeerInfo(String id, JsonNode meta) {
    public PeerInfo {
        Objects.requireNonNull(id, "id");
        meta = MetaValues.copyOf(meta);
    }
}
