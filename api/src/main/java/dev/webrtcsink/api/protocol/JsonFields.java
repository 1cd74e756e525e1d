package dev.webrtcsink.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;

/**
 * Reads the fields of one JSON object with the protocol's rules (mandatory fields must be present
 * and non-null, optional ones may be missing or null, unknown ones are ignored) and turns every
 * violation into a {@link ProtocolException} naming the field and where it was expected.
 */
final class JsonFields {
    /** Longest piece of peer-supplied text quoted back in an error message. */
    private static final int MAX_QUOTED_LENGTH = 64;

    private final ObjectNode object;
    private final String context;

    /**
     * @param object the object to read
     * @param context where the object sits, for messages: {@code setPeerStatus}, {@code peer.ice}
     */
    JsonFields(ObjectNode object, String context) {
        this.object = object;
        this.context = context;
    }

    String context() {
        return context;
    }

    boolean isPresent(String name) {
        JsonNode value = object.get(name);
        return value != null && !value.isNull();
    }

    String requiredString(String name) throws ProtocolException {
        JsonNode value = required(name);
        if (!value.isTextual()) {
            throw wrongType(name, "a string");
        }
        return value.textValue();
    }

    /** The string, or {@code null} when the field is missing or JSON null. */
    String optionalString(String name) throws ProtocolException {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrongType(name, "a string or null");
        }
        return value.textValue();
    }

    /** Any JSON value, or {@code null} when the field is missing or JSON null. */
    JsonNode optionalValue(String name) {
        JsonNode value = object.get(name);
        return value == null || value.isNull() ? null : value;
    }

    JsonFields requiredObject(String name) throws ProtocolException {
        JsonNode value = required(name);
        if (!value.isObject()) {
            throw wrongType(name, "an object");
        }
        return new JsonFields((ObjectNode) value, context + "." + name);
    }

    ArrayNode requiredArray(String name, String ofWhat) throws ProtocolException {
        JsonNode value = required(name);
        if (!value.isArray()) {
            throw wrongType(name, "an array of " + ofWhat);
        }
        return (ArrayNode) value;
    }

    /** A non-negative integer that fits in 32 bits, like upstream's {@code u32}. */
    long requiredUnsigned32(String name) throws ProtocolException {
        JsonNode value = required(name);
        // Floats are refused even when integral ("1.0"): upstream's serde refuses them too.
        if (!value.isIntegralNumber() || value.bigIntegerValue().signum() < 0) {
            throw wrongType(name, "an unsigned integer");
        }
        if (value.bigIntegerValue().compareTo(BigInteger.valueOf(IceCandidate.MAX_SDP_M_LINE_INDEX)) > 0) {
            throw new ProtocolException("field '" + name + "' in " + context + " is out of range (at most "
                    + IceCandidate.MAX_SDP_M_LINE_INDEX + ")");
        }
        return value.longValue();
    }

    private JsonNode required(String name) throws ProtocolException {
        JsonNode value = object.get(name);
        if (value == null) {
            throw new ProtocolException("missing field '" + name + "' in " + context);
        }
        if (value.isNull()) {
            throw new ProtocolException("field '" + name + "' in " + context + " must not be null");
        }
        return value;
    }

    ProtocolException wrongType(String name, String expected) {
        return new ProtocolException("field '" + name + "' in " + context + " must be " + expected);
    }

    /**
     * Peer-supplied text shortened for quoting in an error message, so an error reply can never
     * be used to bounce a huge string back.
     */
    static String quote(String text) {
        if (text.length() <= MAX_QUOTED_LENGTH) {
            return "'" + text + "'";
        }
        return "'" + text.substring(0, MAX_QUOTED_LENGTH) + "…'";
    }
}
