package dev.webrtcsink.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SignallerSpiTest {

    /** Registered in this module's test resources under META-INF/services. */
    public static final class TestFactory implements SignallerFactory {
        static final List<PropertySpec> PROPS = List.of(
                PropertySpec.string("uri", "ws://127.0.0.1:8443", "server"),
                PropertySpec.builder("client-id", PropertySpec.Type.STRING).readOnly().description("id").build());

        @Override public String name() { return "test"; }
        @Override public Set<Role> roles() { return Set.of(Role.PRODUCER); }
        @Override public String elementName(Role role) { return role == Role.PRODUCER ? "testsink" : null; }
        @Override public List<PropertySpec> properties() { return PROPS; }
        @Override public Signaller create(Role role) { return new TestSignaller(); }
    }

    static final class TestSignaller extends AbstractSignaller {
        TestSignaller() { super(TestFactory.PROPS); }
        @Override public void start(SignallerListener l) {
            attach(l);
            update("client-id", "peer-1");
            listener().sessionRequested("s1", "peer-2", null);
        }
        @Override public void stop() { update("client-id", null); detach(); }
        @Override public void sendSessionDescription(String s, SessionDescription d) {}
        @Override public void sendIceCandidate(String s, IceCandidate c) {}
        @Override public void endSession(String s) {}
    }

    @Test
    void factoriesAreFoundThroughServiceLoader() {
        SignallerFactory f = SignallerFactory.find("test").orElseThrow();
        assertEquals("testsink", f.elementName(Role.PRODUCER));
        assertTrue(SignallerFactory.find("nope").isEmpty());
    }

    @Test
    void propertiesValidateAndNotify() {
        Signaller s = SignallerFactory.find("test").orElseThrow().create(Role.PRODUCER);
        List<String> changes = new ArrayList<>();
        s.addPropertyListener((name, value) -> changes.add(name + "=" + value));
        s.set("uri", "ws://example:1");
        s.set("uri", "ws://example:1"); // unchanged: no second notification
        assertEquals("ws://example:1", s.get("uri"));
        IllegalArgumentException ro = assertThrows(IllegalArgumentException.class, () -> s.set("client-id", "x"));
        assertTrue(ro.getMessage().contains("read-only"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> s.get("urii"));
        assertTrue(unknown.getMessage().contains("no property 'urii'"));

        List<String> events = new ArrayList<>();
        s.start(new SignallerListener() {
            @Override public void sessionRequested(String sid, String peer, SessionDescription offer) {
                events.add(sid + "/" + peer + "/" + offer);
            }
        });
        s.stop();
        assertEquals(List.of("s1/peer-2/null"), events);
        assertEquals(List.of("uri=ws://example:1", "client-id=peer-1", "client-id=null"), changes);
        assertTrue(s.dump().contains("uri = ws://example:1"));
    }
}
