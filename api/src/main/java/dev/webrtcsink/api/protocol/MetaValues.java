package dev.webrtcsink.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/** How records hold free-form {@code meta} JSON. */
final class MetaValues {
    private MetaValues() {}

    /**
     * A private copy of {@code meta}, or {@code null} for "no meta". JSON {@code null} is folded
     * into Java {@code null} because upstream treats both the same ({@code Option<Value>}), which
     * keeps record equality meaningful. Copying keeps a record immutable even if the caller goes
     * on mutating the node it passed in.
     */
    static JsonNode copyOf(JsonNode meta) {
        if (meta == null || meta.isNull() || meta.isMissingNode()) {
            return null;
        }
        return meta.deepCopy();
    }
}
