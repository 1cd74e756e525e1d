package dev.webrtcsink.engine.inspect;

import com.sun.jna.Pointer;
import dev.webrtcsink.engine.natives.GstLib;
import dev.webrtcsink.engine.natives.NativeSupport;

/** Caps and structures laid out as gst-inspect-1.0 prints them: one structure per line, one field per line. */
final class CapsFormatter {
    private CapsFormatter() {}

    private static final InspectNatives GST = InspectNatives.GST;

    /** Prints borrowed {@code caps}, every line starting with {@code prefix}. */
    static void print(StringBuilder out, Pointer caps, String prefix) {
        if (GST.gst_caps_is_any(caps)) {
            out.append(prefix).append("ANY\n");
            return;
        }
        if (GST.gst_caps_is_empty(caps)) {
            out.append(prefix).append("EMPTY\n");
            return;
        }
        for (int i = 0; i < GST.gst_caps_get_size(caps); i++) {
            Pointer structure = GST.gst_caps_get_structure(caps, i);
            Pointer featuresPointer = GST.gst_caps_get_features(caps, i);
            String features = featuresPointer == null ? null
                    : NativeSupport.takeString(GST.gst_caps_features_to_string(featuresPointer));
            out.append(prefix).append(GstLib.LIB.gst_structure_get_name(structure));
            // system memory is the implicit default; only other features are worth a mention
            if (features != null && !features.equals("memory:SystemMemory")) {
                out.append('(').append(features).append(')');
            }
            out.append('\n');
            printFields(out, structure, prefix);
        }
    }

    /** One line per field: {@code prefix}, the name right-aligned in 17 columns, then the serialised value. */
    static void printFields(StringBuilder out, Pointer structure, String prefix) {
        GstLib gst = GstLib.LIB;
        for (int i = 0; i < gst.gst_structure_n_fields(structure); i++) {
            String field = gst.gst_structure_nth_field_name(structure, i);
            String value = NativeSupport.takeString(gst.gst_value_serialize(gst.gst_structure_get_value(structure, field)));
            out.append(prefix).append(String.format("  %15s: %s", field, value)).append('\n');
        }
    }

    /** Text form of borrowed caps, for lists. */
    static String toText(Pointer caps) {
        return NativeSupport.takeString(GstLib.LIB.gst_caps_to_string(caps));
    }
}
