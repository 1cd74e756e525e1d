package dev.webrtcsink.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AbstractSignallerFactoryTest {

    /** A signaller that only has to exist: the factory's bookkeeping is under test. */
    private static final class Quiet extends AbstractSignaller {
        final Role role;

        Quiet(Role role) {
            super(List.of(PropertySpec.string("room", "lobby", "where to meet")));
            this.role = role;
        }

        @Override public void start(SignallerListener listener) { attach(listener); }
        @Override public void stop() { detach(); }
        @Override public void sendSessionDescription(String sessionId, SessionDescription description) { }
        @Override public void sendIceCandidate(String sessionId, IceCandidate candidate) { }
        @Override public void endSession(String sessionId) { }
    }

    private static final class SinkOnly extends AbstractSignallerFactory {
        SinkOnly() {
            super("sinkonly", null, "sinkonlywebrtcsink", null, List.of(PropertySpec.string("room", "lobby", "where")));
        }

        @Override
        protected Signaller newSignaller(Role role) {
            return new Quiet(role);
        }
    }

    @Test
    void namesElementsPerRoleAndRefusesOtherRoles() {
        SinkOnly f = new SinkOnly();
        assertEquals("sinkonly", f.name());
        assertEquals("sinkonly signaller", f.description());
        assertEquals(Set.of(Role.PRODUCER), f.roles());
        assertEquals("sinkonlywebrtcsink", f.elementName(Role.PRODUCER));
        assertNull(f.elementName(Role.CONSUMER));
        assertEquals(List.of("room"), f.properties().stream().map(PropertySpec::name).toList());
        assertTrue(f.create(Role.PRODUCER) instanceof Quiet q && q.role == Role.PRODUCER);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.create(Role.CONSUMER));
        assertEquals("the sinkonly signaller has no consumer role", e.getMessage());
    }

    @Test
    void aFactoryMustNameAnElement() {
        assertThrows(IllegalArgumentException.class, () -> new AbstractSignallerFactory("none", null, null, null,
                List.of()) {
            @Override
            protected Signaller newSignaller(Role role) {
                return null;
            }
        });
    }
}
