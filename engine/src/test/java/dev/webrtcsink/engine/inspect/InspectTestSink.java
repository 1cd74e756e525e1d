package dev.webrtcsink.engine.inspect;

import com.sun.jna.Pointer;
import dev.webrtcsink.engine.element.ElementType;
import dev.webrtcsink.engine.element.EnumDef;
import dev.webrtcsink.engine.element.Instance;
import dev.webrtcsink.engine.element.InstanceRef;
import dev.webrtcsink.engine.element.JavaElement;
import dev.webrtcsink.engine.element.JavaObject;
import dev.webrtcsink.engine.element.ObjectType;
import dev.webrtcsink.engine.element.PadTemplateDef;
import dev.webrtcsink.engine.element.PropertyDef;
import dev.webrtcsink.engine.element.SignalDef;
import dev.webrtcsink.engine.element.ValueType;

/**
 * A Java-defined element shaped like webrtcsink for the inspector tests: request sink templates, properties of
 * several kinds, a plain and an action signal, and a {@code signaller} child reachable both as an object property
 * and through ChildProxy.
 */
public final class InspectTestSink extends JavaElement {
    /** The child object, as webrtcsink's signaller. */
    public static final class Signaller extends JavaObject {
        static final ObjectType<Signaller> TYPE = ObjectType.builder("GstInspectTestSignaller", Signaller::new)
                .property(PropertyDef.string("uri").defaultValue("ws://127.0.0.1:8443").blurb("URI of the server").build())
                .property(PropertyDef.uintRange("reconnect-attempts", 0, 100).defaultValue(3L)
                        .blurb("How often to reconnect").build())
                .build();

        Signaller(Instance instance) {
            super(instance);
        }
    }

    static final EnumDef POLICY = EnumDef.builder("GstInspectTestPolicy")
            .member(0, "Use every candidate", "all").member(1, "Relay only", "relay").build();

    static final ElementType<InspectTestSink> TYPE = ElementType.builder("GstInspectTestSink", "inspecttestsink",
                    InspectTestSink::new)
            .metadata("Inspector test sink", "Sink/Network/Test", "Looks like webrtcsink to the inspector", "tests")
            .padTemplate(PadTemplateDef.requestSink("video_%u", "video/x-raw; video/x-vp8"))
            .padTemplate(PadTemplateDef.requestSink("audio_%u", "audio/x-opus"))
            .property(PropertyDef.uintRange("max-bitrate", 1, 0xFFFF_FFFFL).defaultValue(8192000L)
                    .blurb("Maximum bitrate").mutableInReady().build())
            .property(PropertyDef.doubleRange("ratio", 0, 2.5).defaultValue(0.25).blurb("A ratio").build())
            .property(PropertyDef.enumeration("ice-transport-policy", POLICY).blurb("ICE policy").build())
            .property(PropertyDef.caps("video-caps").defaultValue("video/x-vp8; video/x-h264").blurb("Video codecs").build())
            .property(PropertyDef.object("signaller", ValueType.of(Signaller.TYPE)).readOnly()
                    .blurb("The signaller").build())
            .signal(SignalDef.named("consumer-added").params(ValueType.STRING, ValueType.ELEMENT).build())
            .signal(SignalDef.action("get-sessions").returns(ValueType.STRV)
                    .classHandler((self, args) -> new String[0]).build())
            .childProxy()
            .build();

    private final InstanceRef<Signaller> signaller = Signaller.TYPE.create();

    InspectTestSink(Instance instance) {
        super(instance);
    }

    @Override
    protected Object propertyValue(String property, Object stored) {
        return property.equals("signaller") ? signaller.pointer() : stored;
    }

    @Override
    protected Pointer childByName(String name) {
        return name.equals("signaller") ? signaller.pointer() : null;
    }

    @Override
    protected void finalized() {
        signaller.close();
    }
}
