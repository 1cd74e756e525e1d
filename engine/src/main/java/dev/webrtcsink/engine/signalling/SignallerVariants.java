package dev.webrtcsink.engine.signalling;

import dev.webrtcsink.api.Role;
import dev.webrtcsink.api.SignallerFactory;
import dev.webrtcsink.engine.element.ElementType;
import dev.webrtcsink.engine.element.JavaElement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One abstract base element type plus one element factory per signaller factory serving a
 * role: how webrtcsink (producer) and webrtcsrc (consumer) become {@code webrtcsink},
 * {@code whipclientsink}, {@code webrtcsrc}, ... as signaller modules appear on the class path.
 * Registration is idempotent; a variant that fails to register is logged and skipped.
 */
public final class SignallerVariants<E extends JavaElement> {
    private static final Logger LOG = LoggerFactory.getLogger(SignallerVariants.class);

    private final Role role;
    private final Supplier<ElementType<E>> baseType;
    private final BiFunction<ElementType<E>, SignallerFactory, ElementType<E>> variantType;
    private final Map<String, ElementType<E>> byElementName = new LinkedHashMap<>();
    private ElementType<E> base;

    /**
     * @param variantType builds the variant of a factory (its element name is
     *                    {@code factory.elementName(role)}) as a subtype of the given base
     */
    public SignallerVariants(Role role, Supplier<ElementType<E>> baseType,
                             BiFunction<ElementType<E>, SignallerFactory, ElementType<E>> variantType) {
        this.role = role;
        this.baseType = baseType;
        this.variantType = variantType;
    }

    /** Registers the base type and the variants of {@code factories} not registered yet. */
    public synchronized List<ElementType<E>> registerAll(List<SignallerFactory> factories) {
        if (base == null) {
            base = baseType.get();
            base.register();
        }
        for (SignallerFactory f : factories) {
            String elementName = f.roles().contains(role) ? f.elementName(role) : null;
            if (elementName == null || byElementName.containsKey(elementName)) {
                continue;
            }
            try {
                ElementType<E> type = variantType.apply(base, f);
                type.register();
                byElementName.put(elementName, type);
            } catch (RuntimeException e) {
                LOG.error("cannot register element {} for signaller factory {}", elementName, f.name(), e);
            }
        }
        return List.copyOf(byElementName.values());
    }

    /** The registered type of an element factory name; null when not registered. */
    public synchronized ElementType<E> byElementName(String elementName) {
        return byElementName.get(elementName);
    }

    /** {@code whip-client_sink} → {@code WhipClientSink}: GType and long names of variants. */
    public static String camelCase(String name) {
        StringBuilder sb = new StringBuilder();
        for (String part : name.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                sb.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return sb.toString();
    }
}
