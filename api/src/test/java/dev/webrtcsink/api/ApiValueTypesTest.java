package dev.webrtcsink.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiValueTypesTest {

    @Test
    void sessionDescriptionWireNames() {
        assertEquals("offer", SessionDescription.offer("v=0").type().wireName());
        assertEquals(SessionDescription.Type.ANSWER, SessionDescription.Type.fromWireName("Answer"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SessionDescription.Type.fromWireName("banana"));
        assertTrue(e.getMessage().contains("banana"));
    }

    @Test
    void iceCandidateRejectsNegativeLineAndKnowsEndOfCandidates() {
        assertThrows(IllegalArgumentException.class, () -> IceCandidate.of("candidate:1", -1));
        assertTrue(IceCandidate.of("", 0).isEndOfCandidates());
        assertFalse(IceCandidate.of("candidate:1 1 UDP 1 127.0.0.1 5000 typ host", 0).isEndOfCandidates());
    }

    @Test
    void metaIsAnImmutableJsonObject() {
        Meta meta = Meta.parse("{\"name\":\"cam\",\"n\":1}");
        assertEquals("cam", meta.getString("name"));
        assertNull(meta.getString("missing"));
        meta.toJson().put("name", "changed");
        assertEquals("cam", meta.getString("name"));
        assertEquals(meta, Meta.of(Map.of("name", "cam", "n", 1)));
        IllegalArgumentException notObject = assertThrows(IllegalArgumentException.class, () -> Meta.parse("[1]"));
        assertTrue(notObject.getMessage().contains("must be a JSON object"));
        assertThrows(IllegalArgumentException.class, () -> Meta.parse("{bad"));
    }

    @Test
    void propertySpecCoercesPipelineStrings() {
        PropertySpec port = PropertySpec.builder("port", PropertySpec.Type.INT).range(1, 65535).defaultValue(8443).build();
        assertEquals(80, port.coerce("80"));
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> port.coerce("70000"));
        assertEquals("property 'port': 70000 is outside [1, 65535]", range.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> port.coerce("eighty"));
        assertTrue(nan.getMessage().contains("not a number"));

        PropertySpec flag = PropertySpec.bool("insecure-tls", false, "skip verification");
        assertEquals(true, flag.coerce("true"));
        assertEquals(false, flag.coerce("0"));
        assertThrows(IllegalArgumentException.class, () -> flag.coerce("maybe"));

        PropertySpec role = PropertySpec.builder("role", PropertySpec.Type.ENUM)
                .enumValues(List.of("consumer", "producer")).defaultValue("consumer").build();
        assertThrows(IllegalArgumentException.class, () -> role.coerce("listener"));
        assertThrows(IllegalStateException.class,
                () -> PropertySpec.builder("e", PropertySpec.Type.ENUM).build());
        assertThrows(IllegalArgumentException.class,
                () -> PropertySpec.builder("port", PropertySpec.Type.INT).range(1, 2).defaultValue(5).build());
    }

    @Test
    void structuresParseQuotedAndTypedValues() {
        Structures.Parsed s = Structures.parse("headers, foo=bar, cookie=\"session=1, x\", n=(int)5;");
        assertEquals("headers", s.name());
        assertEquals(Map.of("foo", "bar", "cookie", "session=1, x", "n", "5"), s.fields());
        assertEquals(Map.of(), Structures.parse("empty").fields());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Structures.parse("h,foo=\"unterminated"));
        assertTrue(e.getMessage().contains("unterminated"));
        assertThrows(IllegalArgumentException.class, () -> Structures.parse("h,=1"));
    }
}
