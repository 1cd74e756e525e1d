package dev.webrtcsink.engine.sink.element;

import com.sun.jna.Pointer;
import dev.webrtcsink.api.Meta;
import dev.webrtcsink.engine.gst.StructureReader;
import dev.webrtcsink.engine.natives.GValues;
import dev.webrtcsink.engine.natives.GstLib;
import dev.webrtcsink.engine.natives.NativeSupport;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code meta} property (a GstStructure) as signalling metadata: one JSON field per structure field, the
 * structure name dropped (spec §3.1). Strings, booleans and numbers keep their JSON type; nested structures become
 * objects; anything else is sent as its GStreamer serialisation.
 */
final class MetaStructures {
    private MetaStructures() {}

    /** @throws IllegalArgumentException when the text is not a structure */
    static Meta toMeta(String structureText) {
        Pointer s = GstLib.LIB.gst_structure_from_string(structureText, null);
        if (s == null) {
            throw new IllegalArgumentException("meta is not a valid structure: '" + structureText + "'");
        }
        try {
            return Meta.of(fields(s));
        } finally {
            GstLib.LIB.gst_structure_free(s);
        }
    }

    private static Map<String, Object> fields(Pointer s) {
        StructureReader r = new StructureReader(s);
        Map<String, Object> out = new LinkedHashMap<>();
        for (String field : r.fieldNames()) {
            long type = GstLib.LIB.gst_structure_get_field_type(s, field);
            Object value;
            if (type == GValues.G_TYPE_STRING) {
                value = r.string(field).orElse(null);
            } else if (type == GValues.G_TYPE_BOOLEAN) {
                value = r.bool(field).orElse(null);
            } else if (type == GValues.G_TYPE_INT) {
                value = r.int32(field).orElse(0);
            } else if (type == GValues.G_TYPE_UINT) {
                value = r.uint32(field).orElse(0);
            } else if (type == GValues.G_TYPE_INT64) {
                value = r.int64(field).orElse(0);
            } else if (type == GValues.G_TYPE_UINT64) {
                value = r.uint64(field).orElse(0);
            } else if (type == GValues.G_TYPE_DOUBLE) {
                value = r.float64(field).orElse(0);
            } else if (type == GstLib.LIB.gst_structure_get_type()) {
                value = r.structure(field).map(nested -> toMeta(nested.toString()).asMap()).orElse(null);
            } else {
                value = NativeSupport.takeString(GstLib.LIB.gst_value_serialize(GstLib.LIB.gst_structure_get_value(s, field)));
            }
            out.put(field, value);
        }
        return out;
    }
}
