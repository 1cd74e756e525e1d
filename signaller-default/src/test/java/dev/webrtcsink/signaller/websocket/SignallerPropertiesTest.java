package dev.webrtcsink.signaller.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.api.PropertySpec;
import dev.webrtcsink.api.Role;
import dev.webrtcsink.api.Signaller;
import dev.webrtcsink.api.SignallerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SignallerPropertiesTest {

    @Test
    void factoryIsFoundByNameAndNamesTheElements() {
        SignallerFactory f = SignallerFactory.find("default").orElseThrow();
        assertInstanceOf(DefaultSignallerFactory.class, f);
        assertEquals(Set.of(Role.PRODUCER, Role.CONSUMER, Role.LISTENER), f.roles());
        assertEquals("webrtcsink", f.elementName(Role.PRODUCER));
        assertEquals("webrtcsrc", f.elementName(Role.CONSUMER));
        assertNull(f.elementName(Role.LISTENER));
        Signaller s = f.create(Role.PRODUCER);
        assertEquals(f.properties(), s.properties());
        assertFalse(s.manualSdpMunging());
    }

    @Test
    void defaults() {
        Signaller s = new WebSocketSignaller(Role.CONSUMER);
        assertEquals("ws://127.0.0.1:8443/", s.get("uri"));
        assertNull(s.get("producer-peer-id"));
        assertNull(s.get("cafile"));
        assertEquals("consumer", s.get("role"));
        assertNull(s.get("client-id"));
        assertNull(s.get("headers"));
        assertEquals(false, s.get("insecure-tls"));
        assertEquals(false, s.get("connect-to-first-producer"));
        assertEquals(20_000, s.get("connect-timeout-ms"));
        assertEquals(-1, s.get("reconnect-attempts"));
        assertEquals(500, s.get("reconnect-delay-ms"));
        assertEquals(10_000, s.get("reconnect-max-delay-ms"));
        assertEquals("producer", new WebSocketSignaller(Role.PRODUCER).get("role"));
        assertEquals("listener", new WebSocketSignaller(Role.LISTENER).get("role"));
    }

    @Test
    void readOnlyProperties() {
        Signaller s = new WebSocketSignaller(Role.PRODUCER);
        assertThrows(IllegalArgumentException.class, () -> s.set("role", "consumer"));
        assertThrows(IllegalArgumentException.class, () -> s.set("client-id", "x"));
        List<String> readOnly = s.properties().stream().filter(p -> !p.writable()).map(PropertySpec::name).toList();
        assertEquals(List.of("role", "client-id"), readOnly);
    }

    @Test
    void uriQueryConfiguresTheConsumer() {
        Signaller s = new WebSocketSignaller(Role.CONSUMER);
        List<String> changes = new ArrayList<>();
        s.addPropertyListener((name, value) -> changes.add(name + "=" + value));
        s.set("uri", "WS://example.com:9000?peer-id=abc&other=1");
        assertEquals("abc", s.get("producer-peer-id"));
        assertEquals("ws://example.com:9000/?peer-id=abc", s.get("uri"));
        assertTrue(changes.contains("producer-peer-id=abc"));

        s.set("uri", "wss://example.com/path?connect-to-first-producer");
        assertEquals(true, s.get("connect-to-first-producer"));
        assertEquals("wss://example.com/path?connect-to-first-producer=true", s.get("uri"));

        s.set("uri", "ws://h:1?connect-to-first-producer=no");
        assertEquals(false, s.get("connect-to-first-producer"));
        assertEquals("ws://h:1/?peer-id=abc", s.get("uri")); // the producer id is still set
    }

    @Test
    void uriQueryIsIgnoredOutsideTheConsumerRole() {
        Signaller s = new WebSocketSignaller(Role.PRODUCER);
        s.set("uri", "ws://h:1/x?peer-id=abc");
        assertNull(s.get("producer-peer-id"));
        assertEquals("ws://h:1/x", s.get("uri"));
        s.set("producer-peer-id", "abc"); // warned and ignored, as upstream
        assertNull(s.get("producer-peer-id"));
    }

    @Test
    void badUrisAreRejectedAndTheOldValueKept() {
        Signaller s = new WebSocketSignaller(Role.CONSUMER);
        for (String bad : List.of("http://h:1", "not a uri", "ws:relative", "", "ws://")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.set("uri", bad), bad);
            assertTrue(e.getMessage().startsWith("property 'uri'"), e.getMessage());
        }
        assertEquals("ws://127.0.0.1:8443/", s.get("uri"));
    }

    @Test
    void headersMustBeAStructure() {
        Signaller s = new WebSocketSignaller(Role.PRODUCER);
        s.set("headers", "headers,foo=bar,cookie=\"session=1\"");
        assertThrows(IllegalArgumentException.class, () -> s.set("headers", "headers,foo"));
        assertEquals("headers,foo=bar,cookie=\"session=1\"", s.get("headers"));
    }

    @Test
    void dumpShowsPropertiesAndState() {
        Signaller s = new WebSocketSignaller(Role.LISTENER);
        String dump = s.dump();
        assertTrue(dump.contains("role = listener"), dump);
        assertTrue(dump.contains("stopped"), dump);
    }
}
