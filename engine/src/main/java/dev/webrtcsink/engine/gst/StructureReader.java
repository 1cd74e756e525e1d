package dev.webrtcsink.engine.gst;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.DoubleByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import dev.webrtcsink.engine.natives.GObjectLib;
import dev.webrtcsink.engine.natives.GValues;
import dev.webrtcsink.engine.natives.GstLib;
import dev.webrtcsink.engine.natives.NativeSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Typed reads of a borrowed GstStructure with gst_structure_get_* (no wrappers, no ownership taken), including
 * nested structures such as webrtcbin's stats entries. Valid only while the structure's owner keeps it.
 */
public class StructureReader {
    private static final GstLib GST = GstLib.LIB;
    final Pointer structure;

    public StructureReader(Pointer structure) {
        if (structure == null) {
            throw new IllegalArgumentException("null structure");
        }
        this.structure = structure;
    }

    public String name() {
        return GST.gst_structure_get_name(structure);
    }

    public List<String> fieldNames() {
        int n = GST.gst_structure_n_fields(structure);
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            names.add(GST.gst_structure_nth_field_name(structure, i));
        }
        return names;
    }

    public boolean has(String field) {
        return GST.gst_structure_has_field(structure, field);
    }

    public Optional<String> string(String field) {
        return Optional.ofNullable(GST.gst_structure_get_string(structure, field));
    }

    public Optional<Boolean> bool(String field) {
        IntByReference v = new IntByReference();
        return GST.gst_structure_get_boolean(structure, field, v) ? Optional.of(v.getValue() != 0) : Optional.empty();
    }

    public OptionalLong int32(String field) {
        IntByReference v = new IntByReference();
        return GST.gst_structure_get_int(structure, field, v) ? OptionalLong.of(v.getValue()) : OptionalLong.empty();
    }

    public OptionalLong uint32(String field) {
        IntByReference v = new IntByReference();
        return GST.gst_structure_get_uint(structure, field, v)
                ? OptionalLong.of(Integer.toUnsignedLong(v.getValue())) : OptionalLong.empty();
    }

    public OptionalLong int64(String field) {
        LongByReference v = new LongByReference();
        return GST.gst_structure_get_int64(structure, field, v) ? OptionalLong.of(v.getValue()) : OptionalLong.empty();
    }

    /** Unsigned 64-bit value as raw bits. */
    public OptionalLong uint64(String field) {
        LongByReference v = new LongByReference();
        return GST.gst_structure_get_uint64(structure, field, v) ? OptionalLong.of(v.getValue()) : OptionalLong.empty();
    }

    public OptionalDouble float64(String field) {
        DoubleByReference v = new DoubleByReference();
        return GST.gst_structure_get_double(structure, field, v) ? OptionalDouble.of(v.getValue()) : OptionalDouble.empty();
    }

    /** The nick of an enum-typed field (e.g. a stats entry's "type"). */
    public Optional<String> enumNick(String field) {
        Pointer v = GST.gst_structure_get_value(structure, field);
        if (v == null || GObjectLib.LIB.g_type_fundamental(GValues.typeOf(v)) != GValues.G_TYPE_ENUM) {
            return Optional.empty();
        }
        return Optional.ofNullable(GValues.enumNick(GValues.typeOf(v), GObjectLib.LIB.g_value_get_enum(v)));
    }

    /** A nested structure field (borrowed from this one). */
    public Optional<StructureReader> structure(String field) {
        Pointer v = GST.gst_structure_get_value(structure, field);
        if (v == null || GValues.typeOf(v) != GST.gst_structure_get_type()) {
            return Optional.empty();
        }
        Pointer nested = GObjectLib.LIB.g_value_get_boxed(v);
        return nested == null ? Optional.empty() : Optional.of(new StructureReader(nested));
    }

    /** The message of a GError-typed field, as webrtcbin puts in failed promise replies. */
    public Optional<String> errorMessage(String field) {
        Pointer v = GST.gst_structure_get_value(structure, field);
        if (v == null || GValues.typeOf(v) != GObjectLib.LIB.g_error_get_type()) {
            return Optional.empty();
        }
        Pointer error = GObjectLib.LIB.g_value_get_boxed(v); // GError { GQuark domain; gint code; gchar *message; }
        return error == null ? Optional.empty() : Optional.ofNullable(NativeSupport.borrowString(error.getPointer(8)));
    }

    /** The serialised form, e.g. for logs. */
    @Override
    public String toString() {
        return NativeSupport.takeString(GST.gst_structure_to_string(structure));
    }
}
