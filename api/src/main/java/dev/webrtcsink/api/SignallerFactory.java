package dev.webrtcsink.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Makes signallers of one kind. Implementations are found with {@link ServiceLoader}: a
 * module lists its factory in {@code META-INF/services/dev.webrtcsink.api.SignallerFactory},
 * and the element layer registers one element per factory and role (for example "default" as
 * producer gives {@code webrtcsink}, as consumer {@code webrtcsrc}).
 */
public interface SignallerFactory {

    /** Stable short name: "default", "whipclient", "whipserver", "livekit", "aws-kvs", ... */
    String name();

    /** One line for inspectors. */
    default String description() {
        return name() + " signaller";
    }

    /** The element roles this factory serves (producer for sinks, consumer for sources). */
    Set<Role> roles();

    /**
     * The element factory name for a role, e.g. {@code webrtcsink} or {@code whipclientsink};
     * {@code null} when the factory does not serve that role.
     */
    String elementName(Role role);

    /** The properties every signaller of this kind has (same as {@link Signaller#properties}). */
    List<PropertySpec> properties();

    /** A new, unstarted signaller for {@code role} with default property values. */
    Signaller create(Role role);

    /** Every factory on the class path, sorted by name. */
    static List<SignallerFactory> discover() {
        return discover(Thread.currentThread().getContextClassLoader());
    }

    /** Every factory visible to {@code loader}, sorted by name. */
    static List<SignallerFactory> discover(ClassLoader loader) {
        List<SignallerFactory> found = new ArrayList<>();
        ServiceLoader.load(SignallerFactory.class, loader).forEach(found::add);
        found.sort(Comparator.comparing(SignallerFactory::name));
        return found;
    }

    /** The factory called {@code name}, if present. */
    static Optional<SignallerFactory> find(String name) {
        return discover().stream().filter(f -> f.name().equals(name)).findFirst();
    }
}
