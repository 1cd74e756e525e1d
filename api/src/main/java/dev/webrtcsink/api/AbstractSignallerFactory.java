package dev.webrtcsink.api;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The bookkeeping of a {@link SignallerFactory} that makes one element per role it serves: its name and description,
 * the element name of each role, the property list, and the role check before {@link #newSignaller}. A custom
 * signaller's factory is then a public no-argument constructor passing those, plus {@link #newSignaller}.
 */
public abstract class AbstractSignallerFactory implements SignallerFactory {
    private final String name;
    private final String description;
    private final Map<Role, String> elementNames;
    private final List<PropertySpec> properties;

    /**
     * @param producerElement the element made for the producer role (e.g. {@code mywebrtcsink}), or null
     * @param consumerElement the element made for the consumer role (e.g. {@code mywebrtcsrc}), or null
     */
    protected AbstractSignallerFactory(String name, String description, String producerElement, String consumerElement,
                                       List<PropertySpec> properties) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = description == null ? name + " signaller" : description;
        Map<Role, String> names = new EnumMap<>(Role.class);
        if (producerElement != null) {
            names.put(Role.PRODUCER, producerElement);
        }
        if (consumerElement != null) {
            names.put(Role.CONSUMER, consumerElement);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("signaller factory " + name + " names no element");
        }
        this.elementNames = Map.copyOf(names);
        this.properties = List.copyOf(properties);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final Set<Role> roles() {
        return elementNames.keySet();
    }

    @Override
    public final String elementName(Role role) {
        return elementNames.get(role);
    }

    @Override
    public final List<PropertySpec> properties() {
        return properties;
    }

    @Override
    public final Signaller create(Role role) {
        if (!elementNames.containsKey(role)) {
            throw new IllegalArgumentException("the " + name + " signaller has no " + role.wireName() + " role");
        }
        return newSignaller(role);
    }

    /** A new, unstarted signaller for a role this factory serves. */
    protected abstract Signaller newSignaller(Role role);
}
