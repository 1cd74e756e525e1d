package dev.webrtcsink.examples.customsignaller;

import dev.webrtcsink.api.AbstractSignallerFactory;
import dev.webrtcsink.api.PropertySpec;
import dev.webrtcsink.api.Role;
import dev.webrtcsink.api.Signaller;
import java.util.List;

/**
 * A custom signaller, start to finish: the factory the element layer finds through ServiceLoader (listed in
 * {@code META-INF/services/dev.webrtcsink.api.SignallerFactory} of this module) and that names the elements made for
 * it, {@code relaywebrtcsink} and {@code relaywebrtcsrc}, with one property of its own, {@code room}
 * (the elements reach it through their signaller child: {@code relaywebrtcsink signaller::room=demo}).
 *
 * <p>The signallers it makes ({@link RelaySignaller}) exchange their messages through a {@link Relay}: in this
 * example an in-process one, in an application the place where messages go out on its own transport (HTTP, a message
 * bus, an existing WebSocket) and come back in.
 */
public final class RelaySignallerFactory extends AbstractSignallerFactory {
    public static final String NAME = "relay";
    static final String ROOM = "room";
    static final List<PropertySpec> PROPERTIES = List.of(
            PropertySpec.string(ROOM, "default", "Room to meet in: one producer, any number of consumers"));

    /** ServiceLoader needs a public no-argument constructor. */
    public RelaySignallerFactory() {
        super(NAME, "example custom signaller: producer and consumers meet in a named room of an in-process relay",
                "relaywebrtcsink", "relaywebrtcsrc", PROPERTIES);
    }

    @Override
    protected Signaller newSignaller(Role role) {
        return new RelaySignaller(role);
    }
}
