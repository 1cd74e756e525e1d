package dev.webrtcsink.engine.inspect;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import dev.webrtcsink.engine.natives.GObjectLib;
import dev.webrtcsink.engine.natives.GValues;
import dev.webrtcsink.engine.natives.GstLib;
import dev.webrtcsink.engine.natives.NativeSupport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * gst-inspect-1.0 for the running process: lists element factories and describes one element from GStreamer's
 * own introspection (registry, factory metadata, class pad templates, param specs, signal tables, interfaces), so
 * it works the same for elements defined in Java and for any installed GStreamer element.
 *
 * <p>On top of what gst-inspect prints, a ChildProxy element's named children (a child reachable through
 * {@code gst_child_proxy_get_child_by_name} under the name of one of the element's object-valued properties, such
 * as webrtcsink's {@code signaller}) get a "Child Properties" section with entries named {@code child::property},
 * as pipeline strings spell them.
 *
 * <p>Requires GStreamer to be initialised. Creates (and releases) one instance of the inspected element to read
 * current values, pads and children, as gst-inspect does.
 */
public final class ElementInspector {
    private ElementInspector() {}

    private static final GObjectLib G = GObjectLib.LIB;
    private static final GstLib GSTLIB = GstLib.LIB;
    private static final InspectNatives GST = InspectNatives.GST;
    private static final InspectNatives GOBJ = InspectNatives.GOBJECT;

    /** GstObject.flags: after GInitiallyUnowned (24), lock, name and parent (8 each). */
    private static final int GST_OBJECT_FLAGS = 48;
    private static final int GST_ELEMENT_FLAG_PROVIDE_CLOCK = 1 << 7;
    private static final int GST_ELEMENT_FLAG_REQUIRE_CLOCK = 1 << 8;
    private static final int G_SIGNAL_ACTION = 1 << 5;
    private static final int GST_ITERATOR_OK = 1;
    private static final int GST_ITERATOR_RESYNC = 2;

    /** One element factory as listed. {@code plugin} is null for factories registered without a plugin. */
    public record FactorySummary(String name, String longName, String plugin) {
        /** True when this process registered the factory itself (as {@code WebRTC.register()} does). */
        public boolean registeredByProcess() {
            return plugin == null;
        }
    }

    /**
     * Element factories in the default registry, sorted by name. With {@code onlyProcess}, only those registered by
     * this process without a plugin: our Java-defined elements.
     */
    public static List<FactorySummary> factories(boolean onlyProcess) {
        NativeSupport.requireSupportedPlatform();
        Pointer list = GST.gst_registry_get_feature_list(GST.gst_registry_get(), GST.gst_element_factory_get_type());
        List<FactorySummary> result = new ArrayList<>();
        try {
            for (Pointer node = list; node != null; node = node.getPointer(Native.POINTER_SIZE)) {
                Pointer factory = node.getPointer(0);
                Pointer plugin = GST.gst_plugin_feature_get_plugin(factory);
                String pluginName = null;
                if (plugin != null) {
                    pluginName = GST.gst_plugin_get_name(plugin);
                    GSTLIB.gst_object_unref(plugin);
                }
                if (onlyProcess && plugin != null) {
                    continue;
                }
                result.add(new FactorySummary(NativeSupport.objectName(factory),
                        GST.gst_element_factory_get_metadata(factory, "long-name"), pluginName));
            }
        } finally {
            GST.gst_plugin_feature_list_free(list);
        }
        result.sort(Comparator.comparing(FactorySummary::name));
        return result;
    }

    /** gst-inspect's detailed description of one element, or empty if no factory has that name. */
    public static Optional<String> describe(String factoryName) {
        NativeSupport.requireSupportedPlatform();
        Pointer factory = GSTLIB.gst_element_factory_find(factoryName);
        if (factory == null) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        try {
            Pointer loaded = GSTLIB.gst_plugin_feature_load(factory);
            if (loaded == null) {
                out.append("element plugin couldn't be loaded\n");
                return Optional.of(out.toString());
            }
            try {
                describeLoaded(loaded, factoryName, out);
            } finally {
                GSTLIB.gst_object_unref(loaded);
            }
        } finally {
            GSTLIB.gst_object_unref(factory);
        }
        return Optional.of(out.toString());
    }

    private static void describeLoaded(Pointer factory, String factoryName, StringBuilder out) {
        printFactoryDetails(factory, out);
        printPluginDetails(factory, out);
        long type = GSTLIB.gst_element_factory_get_element_type(factory);
        printHierarchy(type, out);
        printInterfaces(type, out);
        // named as gst-inspect's first instance, so the "name" default does not depend on what this JVM made before
        Pointer element = GSTLIB.gst_element_factory_make(factoryName, factoryName + "0");
        if (element == null) {
            out.append("couldn't construct element for some reason\n");
            return;
        }
        if (G.g_object_is_floating(element)) {
            G.g_object_ref_sink(element);
        }
        try {
            Pointer klass = element.getPointer(0);
            printPadTemplates(factory, klass, out);
            printClocking(element, out);
            printUriHandling(element, type, out);
            printPads(element, out);
            out.append("Element Properties:\n");
            PropertyFormatter properties = new PropertyFormatter(out, 2);
            for (PropertyFormatter.Property p : PropertyFormatter.listProperties(klass, "")) {
                properties.print(element, p);
            }
            printSignals(type, false, out);
            printSignals(type, true, out);
            printChildren(element, type, out);
        } finally {
            GSTLIB.gst_object_unref(element);
        }
    }

    private static void printFactoryDetails(Pointer factory, StringBuilder out) {
        out.append("Factory Details:\n");
        row(out, "Rank", rankText(GST.gst_plugin_feature_get_rank(factory)));
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("long-name", "Long-name");
        labels.put("klass", "Klass");
        labels.put("description", "Description");
        labels.put("author", "Author");
        labels.put("doc-uri", "Documentation");
        Pointer keys = GST.gst_element_factory_get_metadata_keys(factory);
        List<String> present = keys == null ? List.of() : List.of(GValues.readStrv(keys));
        if (keys != null) {
            InspectNatives.GLIB.g_strfreev(keys);
        }
        for (Map.Entry<String, String> e : labels.entrySet()) {
            String value = GST.gst_element_factory_get_metadata(factory, e.getKey());
            if (value != null) {
                row(out, e.getValue(), value);
            }
        }
        String docs = GST.gst_element_factory_get_metadata(factory, "doc-uri");
        if (docs == null) {
            Pointer plugin = GST.gst_plugin_feature_get_plugin(factory);
            if (plugin != null) {
                docs = documentationUri(GST.gst_plugin_get_source(plugin), GST.gst_plugin_get_name(plugin),
                        NativeSupport.objectName(factory), featureCount(GST.gst_plugin_get_name(plugin)));
                GSTLIB.gst_object_unref(plugin);
            }
            if (docs != null) {
                row(out, "Documentation", docs);
            }
        }
        for (String key : present) {
            if (!labels.containsKey(key)) {
                row(out, key, GST.gst_element_factory_get_metadata(factory, key));
            }
        }
        out.append('\n');
    }

    private static void printPluginDetails(Pointer factory, StringBuilder out) {
        out.append("Plugin Details:\n");
        Pointer plugin = GST.gst_plugin_feature_get_plugin(factory);
        if (plugin == null) {
            row(out, "Name", "(none: registered by this process)");
        } else {
            try {
                row(out, "Name", GST.gst_plugin_get_name(plugin));
                row(out, "Description", GST.gst_plugin_get_description(plugin));
                row(out, "Filename", Optional.ofNullable(GST.gst_plugin_get_filename(plugin)).orElse("(null)"));
                row(out, "Version", GST.gst_plugin_get_version(plugin));
                row(out, "License", GST.gst_plugin_get_license(plugin));
                row(out, "Source module", GST.gst_plugin_get_source(plugin));
                String docs = documentationUri(GST.gst_plugin_get_source(plugin), GST.gst_plugin_get_name(plugin), null, 0);
                if (docs != null) {
                    row(out, "Documentation", docs);
                }
                String released = GST.gst_plugin_get_release_date_string(plugin);
                if (released != null) {
                    // "YYYY-MM-DD" or "YYYY-MM-DDTHH:MMZ": gst-inspect shows the date only
                    row(out, "Source release date", released.length() > 10 ? released.substring(0, 10) : released);
                }
                row(out, "Binary package", GST.gst_plugin_get_package(plugin));
                row(out, "Origin URL", GST.gst_plugin_get_origin(plugin));
            } finally {
                GSTLIB.gst_object_unref(plugin);
            }
        }
        out.append('\n');
    }

    /**
     * Plugins of GStreamer's own modules are documented on gstreamer.freedesktop.org under a predictable address,
     * which gst-inspect shows; other plugins have none unless their metadata says so.
     */
    static String documentationUri(String sourceModule, String plugin, String factory, int pluginFeatures) {
        if (sourceModule == null || !(sourceModule.equals("gstreamer") || sourceModule.startsWith("gst-"))) {
            return null;
        }
        String base = "https://gstreamer.freedesktop.org/documentation/" + plugin + "/";
        if (factory == null) {
            return base;
        }
        // a plugin with one feature is documented on one page, with an anchor for the element
        return pluginFeatures == 1 ? base + "#" + factory + "-page" : base + factory + ".html";
    }

    private static int featureCount(String plugin) {
        Pointer list = GST.gst_registry_get_feature_list_by_plugin(GST.gst_registry_get(), plugin);
        int n = 0;
        for (Pointer node = list; node != null; node = node.getPointer(Native.POINTER_SIZE)) {
            n++;
        }
        GST.gst_plugin_feature_list_free(list);
        return n;
    }

    private static void printHierarchy(long type, StringBuilder out) {
        List<String> chain = new ArrayList<>();
        for (long t = type; t != 0; t = G.g_type_parent(t)) {
            chain.add(0, G.g_type_name(t));
        }
        for (int i = 0; i < chain.size(); i++) {
            out.append(i == 0 ? "" : " " + " ".repeat(6 * (i - 1)) + "+----").append(chain.get(i)).append('\n');
        }
        out.append('\n');
    }

    private static void printInterfaces(long type, StringBuilder out) {
        IntByReference n = new IntByReference();
        Pointer ifaces = GOBJ.g_type_interfaces(type, n);
        if (ifaces == null) {
            return;
        }
        try {
            if (n.getValue() == 0) {
                return;
            }
            out.append("Implemented Interfaces:\n");
            for (int i = 0; i < n.getValue(); i++) {
                out.append("  ").append(G.g_type_name(ifaces.getLong(8L * i))).append('\n');
            }
            out.append('\n');
        } finally {
            InspectNatives.GLIB.g_free(ifaces);
        }
    }

    /** The factory's templates sorted by name (as gst-inspect lists them); pad types come from the class's. */
    private static void printPadTemplates(Pointer factory, Pointer elementClass, StringBuilder out) {
        out.append("Pad Templates:\n");
        List<Pointer> templates = new ArrayList<>();
        for (Pointer node = GST.gst_element_factory_get_static_pad_templates(factory); node != null;
                node = node.getPointer(Native.POINTER_SIZE)) {
            templates.add(node.getPointer(0));
        }
        // GstStaticPadTemplate: name_template, direction (int), presence (int), static_caps
        templates.sort(Comparator.comparing(t -> t.getPointer(0).getString(0)));
        if (templates.isEmpty()) {
            out.append("  none\n");
        }
        boolean first = true;
        for (Pointer template : templates) {
            if (!first) {
                out.append("  \n");
            }
            first = false;
            String name = template.getPointer(0).getString(0);
            int direction = template.getInt(Native.POINTER_SIZE);
            int presence = template.getInt(Native.POINTER_SIZE + 4L);
            out.append("  ").append(direction == 1 ? "SRC" : direction == 2 ? "SINK" : "UNKNOWN")
                    .append(" template: '").append(name).append("'\n");
            out.append("    Availability: ").append(switch (presence) {
                case 0 -> "Always";
                case 1 -> "Sometimes";
                case 2 -> "On request";
                default -> "UNKNOWN";
            }).append('\n');
            out.append("    Capabilities:\n");
            Pointer caps = GST.gst_static_pad_template_get_caps(template);
            if (caps != null) {
                CapsFormatter.print(out, caps, "      ");
                GSTLIB.gst_mini_object_unref(caps);
            }
            Pointer classTemplate = GSTLIB.gst_element_class_get_pad_template(elementClass, name);
            long padType = classTemplate == null ? 0 : padTypeOf(classTemplate);
            if (padType != GSTLIB.gst_pad_get_type() && G.g_type_is_a(padType, GSTLIB.gst_pad_get_type())) {
                out.append("    Type: ").append(G.g_type_name(padType)).append('\n');
                printPadProperties(padType, out);
            }
        }
        out.append('\n');
    }

    private static long padTypeOf(Pointer template) {
        Pointer pspec = G.g_object_class_find_property(template.getPointer(0), "gtype");
        if (pspec == null) {
            return 0;
        }
        Memory v = GValues.newValue(pspec.getLong(24)); // GParamSpec.value_type: G_TYPE_GTYPE
        try {
            G.g_object_get_property(template, "gtype", v);
            return GOBJ.g_value_get_gtype(v);
        } finally {
            GValues.unset(v);
        }
    }

    /** A pad type's own properties: those every pad has (GstObject's, GstPad's) are left out, as gst-inspect does. */
    private static void printPadProperties(long padType, StringBuilder out) {
        Pointer klass = G.g_type_class_ref(padType);
        try {
            List<PropertyFormatter.Property> own = new ArrayList<>();
            for (PropertyFormatter.Property p : PropertyFormatter.listProperties(klass, "")) {
                if (!G.g_type_is_a(GSTLIB.gst_ghost_pad_get_type(), p.ownerType())) {
                    own.add(p);
                }
            }
            if (own.isEmpty()) {
                return;
            }
            out.append("    Pad Properties:\n");
            PropertyFormatter formatter = new PropertyFormatter(out, 6);
            own.forEach(p -> formatter.print(null, p));
        } finally {
            G.g_type_class_unref(klass);
        }
    }

    private static void printClocking(Pointer element, StringBuilder out) {
        int flags = element.getInt(GST_OBJECT_FLAGS);
        boolean requires = (flags & GST_ELEMENT_FLAG_REQUIRE_CLOCK) != 0;
        boolean provides = (flags & GST_ELEMENT_FLAG_PROVIDE_CLOCK) != 0;
        if (!requires && !provides) {
            out.append("Element has no clocking capabilities.\n");
            return;
        }
        out.append("Clocking Interaction:\n");
        if (requires) {
            out.append("  element requires a clock\n");
        }
        if (provides) {
            out.append("  element provides a clock\n");
        }
    }

    private static void printUriHandling(Pointer element, long type, StringBuilder out) {
        if (!G.g_type_is_a(type, GST.gst_uri_handler_get_type())) {
            out.append("Element has no URI handling capabilities.\n\n");
            return;
        }
        out.append("\nURI handling capabilities:\n");
        int uriType = GST.gst_uri_handler_get_uri_type(element);
        out.append("  Element can act as ").append(uriType == 2 ? "source" : uriType == 1 ? "sink" : "unknown")
                .append(".\n");
        Pointer protocols = GST.gst_uri_handler_get_protocols(element);
        String[] list = protocols == null ? new String[0] : GValues.readStrv(protocols);
        if (list.length == 0) {
            out.append("  No supported URI protocols\n");
        } else {
            out.append("  Supported URI protocols:\n");
            for (String protocol : list) {
                out.append("    ").append(protocol).append('\n');
            }
        }
        out.append('\n');
    }

    private static void printPads(Pointer element, StringBuilder out) {
        out.append("Pads:\n");
        List<Pointer> pads = iterate(GST.gst_element_iterate_pads(element));
        if (pads.isEmpty()) {
            out.append("  none\n");
        }
        for (Pointer pad : pads) {
            try {
                int direction = GST.gst_pad_get_direction(pad);
                out.append("  ").append(direction == 1 ? "SRC" : direction == 2 ? "SINK" : "UNKNOWN").append(": '")
                        .append(NativeSupport.objectName(pad)).append("'\n");
                Pointer template = GST.gst_pad_get_pad_template(pad);
                if (template != null) {
                    out.append("    Pad Template: '").append(readProperty(template, "name-template")).append("'\n");
                    GSTLIB.gst_object_unref(template);
                }
            } finally {
                GSTLIB.gst_object_unref(pad);
            }
        }
        out.append('\n');
    }

    private static void printSignals(long type, boolean actions, StringBuilder out) {
        long elementType = GSTLIB.gst_element_get_type();
        long binType = GSTLIB.gst_bin_get_type();
        List<GObjectLib.GSignalQuery> found = new ArrayList<>();
        for (long t = type; t != 0 && t != elementType && t != GSTLIB.gst_object_get_type(); t = G.g_type_parent(t)) {
            if (t == binType && type != binType) {
                continue; // every bin has these; gst-inspect only shows them for GstBin itself
            }
            IntByReference n = new IntByReference();
            Pointer ids = GOBJ.g_signal_list_ids(t, n);
            if (ids == null) {
                continue;
            }
            try {
                for (int i = 0; i < n.getValue(); i++) {
                    GObjectLib.GSignalQuery q = new GObjectLib.GSignalQuery();
                    G.g_signal_query(ids.getInt(4L * i), q);
                    q.read();
                    if (((q.signal_flags & G_SIGNAL_ACTION) != 0) == actions) {
                        found.add(q);
                    }
                }
            } finally {
                InspectNatives.GLIB.g_free(ids);
            }
        }
        if (found.isEmpty()) {
            return;
        }
        found.sort(Comparator.comparingInt(q -> q.signal_id)); // declaration order, base types first
        out.append('\n').append(actions ? "Element Actions:\n" : "Element Signals:\n");
        for (GObjectLib.GSignalQuery q : found) {
            String head = "  \"" + q.signal_name + "\" :  " + cType(q.return_type) + " user_function (";
            // gst-inspect aligns the arguments one column further when the return type is a pointer
            String pad = " ".repeat(head.length() + (cType(q.return_type).endsWith("*") ? 1 : 0));
            List<String> args = new ArrayList<>();
            args.add("GstElement* object");
            for (int j = 0; j < q.n_params; j++) {
                // the lowest bit is G_SIGNAL_TYPE_STATIC_SCOPE, not part of the type
                args.add(cType(q.param_types.getLong(8L * j) & ~1L) + " arg" + j);
            }
            if (!actions) {
                args.add("gpointer user_data");
            }
            for (int j = 0; j < args.size(); j++) {
                out.append(j == 0 ? head : pad).append(args.get(j)).append(j == args.size() - 1 ? ");" : ",").append('\n');
            }
        }
    }

    /** A GType as C code declares it: objects, boxed types and pointers by pointer. */
    private static String cType(long type) {
        long fundamental = G.g_type_fundamental(type);
        boolean byPointer = fundamental == GValues.G_TYPE_OBJECT || fundamental == GValues.G_TYPE_BOXED
                || fundamental == GValues.G_TYPE_INTERFACE || fundamental == GValues.G_TYPE_PARAM
                || (fundamental == GValues.G_TYPE_POINTER && type != GValues.G_TYPE_POINTER);
        return G.g_type_name(type) + (byPointer ? "*" : "");
    }

    /**
     * Bins list their children (as gst-inspect does); any ChildProxy also gets the properties of the named children
     * that stand behind its object-valued properties.
     */
    private static void printChildren(Pointer element, long type, StringBuilder out) {
        if (!G.g_type_is_a(type, GSTLIB.gst_child_proxy_get_type())) {
            return;
        }
        if (G.g_type_is_a(type, GSTLIB.gst_bin_get_type())) {
            int count = GST.gst_child_proxy_get_children_count(element);
            if (count > 0) {
                out.append("\nChildren:\n");
                for (int i = 0; i < count; i++) {
                    Pointer child = GST.gst_child_proxy_get_child_by_index(element, i);
                    if (child != null) {
                        out.append("  ").append(childName(child)).append('\n');
                        G.g_object_unref(child);
                    }
                }
            }
        }
        boolean headed = false;
        for (PropertyFormatter.Property p : PropertyFormatter.listProperties(element.getPointer(0), "")) {
            long fundamental = G.g_type_fundamental(p.valueType());
            if (fundamental != GValues.G_TYPE_OBJECT && fundamental != GValues.G_TYPE_INTERFACE || p.name().equals("parent")) {
                continue;
            }
            Pointer child = GST.gst_child_proxy_get_child_by_name(element, p.name());
            if (child == null) {
                continue;
            }
            try {
                if (!headed) {
                    out.append("\nChild Properties (set as CHILD::PROPERTY in pipeline descriptions):\n");
                    headed = true;
                }
                Pointer childClass = child.getPointer(0);
                out.append("  ").append(p.name()).append(": ").append(G.g_type_name(childClass.getLong(0))).append('\n');
                PropertyFormatter formatter = new PropertyFormatter(out, 2);
                for (PropertyFormatter.Property cp : PropertyFormatter.listProperties(childClass, p.name() + "::")) {
                    if (!isBaseObjectProperty(cp)) {
                        formatter.print(child, cp);
                    }
                }
            } finally {
                G.g_object_unref(child);
            }
        }
    }

    /** GstObject's own name and parent say nothing about a child. */
    private static boolean isBaseObjectProperty(PropertyFormatter.Property p) {
        return p.ownerType() == GSTLIB.gst_object_get_type();
    }

    private static String childName(Pointer child) {
        if (G.g_type_is_a(child.getPointer(0).getLong(0), GSTLIB.gst_object_get_type())) {
            return NativeSupport.objectName(child);
        }
        return G.g_type_name(child.getPointer(0).getLong(0));
    }

    /** Drains a GstIterator of objects; each returned object carries a reference. */
    private static List<Pointer> iterate(Pointer iterator) {
        List<Pointer> items = new ArrayList<>();
        if (iterator == null) {
            return items;
        }
        Memory value = GValues.allocate(1);
        try {
            for (;;) {
                int r = GST.gst_iterator_next(iterator, value);
                if (r == GST_ITERATOR_OK) {
                    items.add(G.g_object_ref(G.g_value_get_object(value)));
                    GValues.unset(value);
                } else if (r == GST_ITERATOR_RESYNC) {
                    items.forEach(GSTLIB::gst_object_unref);
                    items.clear();
                    GST.gst_iterator_resync(iterator); // pads changed while iterating: start over

                } else {
                    break;
                }
            }
        } finally {
            GValues.unset(value);
            GST.gst_iterator_free(iterator);
        }
        return items;
    }

    private static Object readProperty(Pointer object, String name) {
        Pointer pspec = G.g_object_class_find_property(object.getPointer(0), name);
        Memory v = GValues.newValue(pspec.getLong(24));
        try {
            G.g_object_get_property(object, name, v);
            Object value = GValues.read(v);
            return value instanceof Pointer ? null : value;
        } finally {
            GValues.unset(v);
        }
    }

    private static void row(StringBuilder out, String label, String value) {
        out.append(String.format("  %-25s%s", label, value == null ? "" : value)).append('\n');
    }

    static String rankText(int rank) {
        String name = switch (rank) {
            case 0 -> "none";
            case 64 -> "marginal";
            case 128 -> "secondary";
            case 256 -> "primary";
            default -> "unknown";
        };
        return name + " (" + rank + ")";
    }
}
