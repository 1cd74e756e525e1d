package dev.webrtcsink.engine.element;

/** A Java-defined GObject (not an element) reached as the ChildProxy child "signaller" of {@link TestBin}. */
public final class TestSignaller extends JavaObject {
    static final ObjectType<TestSignaller> TYPE = ObjectType.builder("GstJavaTestSignaller", TestSignaller::new)
            .property(PropertyDef.string("uri").defaultValue("ws://127.0.0.1:8443").blurb("server URI").build())
            .property(PropertyDef.uintRange("timeout", 1, 3600).defaultValue(30L).build())
            .build();

    TestSignaller(Instance instance) {
        super(instance);
    }
}
