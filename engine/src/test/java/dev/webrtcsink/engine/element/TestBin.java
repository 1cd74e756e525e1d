package dev.webrtcsink.engine.element;

import com.sun.jna.Pointer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.Pad;
import org.freedesktop.gstreamer.PadProbeReturn;
import org.freedesktop.gstreamer.PadProbeType;
import org.freedesktop.gstreamer.StateChangeReturn;

/**
 * A Java-defined GstBin used by the tests: request pads video_%u/audio_%u each feeding queue ! fakesink inside the
 * bin, one property of every supported kind, signals, a ChildProxy child, and a record of its state changes.
 */
public final class TestBin extends JavaElement {
    static final EnumDef MODE = EnumDef.builder("GstJavaTestBinMode")
            .member(0, "Alpha mode", "alpha").member(1, "Beta mode", "beta").member(7, "Gamma mode", "gamma").build();

    static final ElementType<TestBin> TYPE = ElementType.builder("GstJavaTestBin", "javatestbin", TestBin::new)
            .metadata("Java test bin", "Sink/Test", "A GstBin defined in Java for tests", "webrtcsink-java tests")
            .padTemplate(PadTemplateDef.requestSink("video_%u", "ANY"))
            .padTemplate(PadTemplateDef.requestSink("audio_%u", "audio/x-raw"))
            .padTemplate(PadTemplateDef.sometimesSrc("src_%u", "ANY"))
            .property(PropertyDef.intRange("some-int", 0, 100).defaultValue(5).blurb("an int in [0,100]").build())
            .property(PropertyDef.bool("flag").mutableInReady().build())
            .property(PropertyDef.enumeration("mode", MODE).defaultValue("alpha").build())
            .property(PropertyDef.string("label").defaultValue("none").build())
            .property(PropertyDef.uintRange("limit", 1, 0xFFFF_FFFFL).defaultValue(1000L).build())
            .property(PropertyDef.int64Range("offset", Long.MIN_VALUE, Long.MAX_VALUE).defaultValue(-3L).build())
            .property(PropertyDef.uint64Range("huge", 0, -1L).defaultValue(-2L).build())
            .property(PropertyDef.doubleRange("ratio", 0, 1).defaultValue(0.5).build())
            .property(PropertyDef.structure("meta").build())
            .property(PropertyDef.caps("filter-caps").defaultValue("video/x-vp8; video/x-h264").build())
            .property(PropertyDef.int64Range("buffers", 0, Long.MAX_VALUE).readOnly().defaultValue(0L).build())
            .signal(SignalDef.action("ping").params(ValueType.STRING).returns(ValueType.STRING)
                    .accumulator(SignalDef.Accumulator.FIRST_WINS)
                    .classHandler((self, args) -> "pong:" + args[0]).build())
            .signal(SignalDef.named("pad-requested").params(ValueType.STRING, ValueType.UINT).build())
            .signal(SignalDef.action("get-pad-names").returns(ValueType.STRV)
                    .classHandler((self, args) -> ((TestBin) self).padNames.toArray(String[]::new)).build())
            .childProxy()
            .build();

    final List<StateChange> transitions = new CopyOnWriteArrayList<>();
    final List<String> padNames = new CopyOnWriteArrayList<>();
    final List<String> changedProperties = new CopyOnWriteArrayList<>();
    final AtomicLong buffers = new AtomicLong();
    private final AtomicInteger videoCount = new AtomicInteger();
    private final AtomicInteger audioCount = new AtomicInteger();
    private final InstanceRef<TestSignaller> signaller = TestSignaller.TYPE.create();

    TestBin(Instance instance) {
        super(instance);
    }

    TestSignaller signaller() {
        return signaller.get();
    }

    @Override
    protected StateChangeReturn changeState(StateChange transition) {
        transitions.add(transition);
        return super.changeState(transition);
    }

    @Override
    protected void propertyChanged(String property, Object value) {
        changedProperties.add(property + "=" + value);
    }

    @Override
    protected Object propertyValue(String property, Object stored) {
        return property.equals("buffers") ? buffers.get() : stored;
    }

    @Override
    protected Pad requestPad(String templateName, String requestedName, String caps) {
        String name = templateName.startsWith("video")
                ? "video_" + videoCount.getAndIncrement() : "audio_" + audioCount.getAndIncrement();
        Bin bin = asBin();
        Element queue = ElementFactory.make("queue", "queue_" + name);
        Element sink = ElementFactory.make("fakesink", "sink_" + name);
        sink.set("sync", false);
        bin.addMany(queue, sink);
        queue.link(sink);
        // counting in Java per buffer is for tests only
        sink.getStaticPad("sink").addProbe(PadProbeType.BUFFER, (pad, info) -> {
            buffers.incrementAndGet();
            return PadProbeReturn.OK;
        });
        queue.syncStateWithParent();
        sink.syncStateWithParent();
        Pad ghost = addGhostPad(name, templateName, queue.getStaticPad("sink"));
        padNames.add(name);
        emit("pad-requested", name, (long) padNames.size());
        return ghost;
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
