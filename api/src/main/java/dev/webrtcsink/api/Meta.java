package dev.webrtcsink.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;

/**
 * Free-form peer metadata: a JSON object (for example {@code {"name":"camera 1"}}), shown to
 * other peers. Immutable: the wrapped tree is a private copy and only copies leave.
 */
public final class Meta {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode fields;

    private Meta(ObjectNode fields) {
        this.fields = fields;
    }

    /** Parses a JSON object text; anything else is rejected with the reason. */
    public static Meta parse(String json) {
        Objects.requireNonNull(json, "json");
        try {
            return fromJson(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("meta is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Wraps a copy of a JSON tree, which must be an object. */
    public static Meta fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("meta must be a JSON object, got "
                    + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase()));
        }
        return new Meta(((ObjectNode) node).deepCopy());
    }

    /** Builds meta from a map of plain values (strings, numbers, booleans, lists, maps). */
    public static Meta of(Map<String, ?> values) {
        return new Meta(JSON.valueToTree(values));
    }

    /** A copy of the JSON tree. */
    public ObjectNode toJson() {
        return fields.deepCopy();
    }

    /** The value of one field as text, or {@code null} when absent. */
    public String getString(String field) {
        JsonNode v = fields.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** The fields as plain Java values (maps, lists, strings, numbers, booleans). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> asMap() {
        return JSON.convertValue(fields, Map.class);
    }

    /** Compact JSON text. */
    public String toJsonString() {
        return fields.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Meta m && m.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return toJsonString();
    }
}
