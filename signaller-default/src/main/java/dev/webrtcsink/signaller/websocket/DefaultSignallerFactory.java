package dev.webrtcsink.signaller.websocket;

import dev.webrtcsink.api.PropertySpec;
import dev.webrtcsink.api.Role;
import dev.webrtcsink.api.Signaller;
import dev.webrtcsink.api.SignallerFactory;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Makes {@link WebSocketSignaller}s. Found through {@link java.util.ServiceLoader}; gives the
 * elements {@code webrtcsink} (producer) and {@code webrtcsrc} (consumer). The listener role
 * has no element: applications create it directly to watch producers.
 */
public final class DefaultSignallerFactory implements SignallerFactory {

    public static final String NAME = "default";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "JSON over WebSocket, for gst-webrtc-signalling-server and compatible servers";
    }

    @Override
    public Set<Role> roles() {
        return EnumSet.of(Role.PRODUCER, Role.CONSUMER, Role.LISTENER);
    }

    @Override
    public String elementName(Role role) {
        return switch (role) {
            case PRODUCER -> "webrtcsink";
            case CONSUMER -> "webrtcsrc";
            case LISTENER -> null;
        };
    }

    @Override
    public List<PropertySpec> properties() {
        return WebSocketSignaller.PROPERTIES;
    }

    @Override
    public Signaller create(Role role) {
        return new WebSocketSignaller(role);
    }
}
