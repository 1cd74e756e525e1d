package dev.webrtcsink.engine.element;

import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Everything the native layer needs to know about one Java-defined GType: its description (immutable once
 * built) and, after registration, its GType and the class struct of its closest native (non-Java) ancestor, to
 * which vfuncs chain up.
 */
final class TypeModel {
    /** Element-only parts of a description. */
    record ElementPart(String factoryName, int rank, String longName, String klass, String description,
                       String author, List<PadTemplateDef> padTemplates, boolean childProxy,
                       UriHandlerDef uriHandler) {}

    final String typeName;
    /** The native parent type's name when {@link #javaParent} is null. */
    final String nativeParentName;
    final TypeModel javaParent;
    final List<PropertyDef> ownProperties;
    final List<SignalDef> signals;
    final Function<Instance, ? extends JavaObject> constructor;
    final ElementPart element;

    /** Own and inherited (Java-defined) properties by name, in declaration order. */
    final Map<String, PropertyDef> allProperties;
    final AtomicInteger live = new AtomicInteger();

    volatile long gtype;
    volatile Pointer nativeAncestorClass;

    TypeModel(String typeName, String nativeParentName, TypeModel javaParent, List<PropertyDef> ownProperties,
              List<SignalDef> signals, Function<Instance, ? extends JavaObject> constructor, ElementPart element) {
        this.typeName = typeName;
        this.nativeParentName = nativeParentName;
        this.javaParent = javaParent;
        this.ownProperties = List.copyOf(ownProperties);
        this.signals = List.copyOf(signals);
        this.constructor = constructor;
        this.element = element;
        Map<String, PropertyDef> all = new LinkedHashMap<>();
        if (javaParent != null) {
            all.putAll(javaParent.allProperties);
        }
        for (PropertyDef p : ownProperties) {
            if (all.putIfAbsent(p.name(), p) != null) {
                throw new IllegalArgumentException(typeName + ": duplicate property '" + p.name() + "'");
            }
        }
        this.allProperties = Collections.unmodifiableMap(all);
        List<String> names = new ArrayList<>();
        for (SignalDef s : signals) {
            if (names.contains(s.name())) {
                throw new IllegalArgumentException(typeName + ": duplicate signal '" + s.name() + "'");
            }
            names.add(s.name());
        }
    }

    boolean hasRequestTemplates() {
        if (element != null && element.padTemplates().stream().anyMatch(t -> t.presence() == PadTemplateDef.Presence.REQUEST)) {
            return true;
        }
        return javaParent != null && javaParent.hasRequestTemplates();
    }

    boolean isElement() {
        return element != null || (javaParent != null && javaParent.isElement());
    }

    PropertyDef property(String name) {
        PropertyDef p = allProperties.get(name);
        if (p == null) {
            throw new IllegalArgumentException(typeName + " has no property '" + name + "' (known: " + allProperties.keySet() + ")");
        }
        return p;
    }
}
