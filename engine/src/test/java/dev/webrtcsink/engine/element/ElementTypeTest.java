package dev.webrtcsink.engine.element;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Pointer;
import dev.webrtcsink.engine.natives.GLib;
import dev.webrtcsink.engine.natives.GObjectLib;
import dev.webrtcsink.engine.natives.GstLib;
import dev.webrtcsink.engine.natives.NativeSupport;
import dev.webrtcsink.engine.natives.SignalConnection;
import dev.webrtcsink.engine.testing.GstTesting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.GstException;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.glib.GError;
import org.freedesktop.gstreamer.glib.Natives;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ElementTypeTest {
    private final List<Pipeline> pipelines = new ArrayList<>();

    @BeforeAll
    static void register() {
        GstTesting.init();
        TestBin.TYPE.register();
    }

    @AfterEach
    void stopPipelines() {
        for (Pipeline p : pipelines) {
            p.setState(State.NULL);
            p.dispose();
        }
        pipelines.clear();
    }

    /** Parses into a pipeline (a lone element is put into one); parse errors are collected, not thrown. */
    private Pipeline launch(String description, List<GError> errors) {
        Element parsed;
        try {
            parsed = Gst.parseLaunch(description, errors);
        } catch (GstException e) {
            errors.add(new GError(0, e.getMessage()));
            return null;
        }
        Pipeline p;
        if (parsed instanceof Pipeline pipeline) {
            p = pipeline;
        } else {
            p = new Pipeline();
            p.add(parsed);
        }
        pipelines.add(p);
        return p;
    }

    private static TestBin javaSide(Element e) {
        return JavaObject.fromPointer(Natives.getRawPointer(e), TestBin.class).orElseThrow();
    }

    @Test
    void factoryIsRegisteredWithMetadataAndTemplates() {
        ElementFactory f = ElementFactory.find("javatestbin");
        assertNotNull(f);
        assertEquals("Java test bin", f.getLongName());
        assertEquals("Sink/Test", f.getKlass());
        List<String> templates = f.getStaticPadTemplates().stream().map(t -> t.getName()).toList();
        assertEquals(List.of("video_%u", "audio_%u", "src_%u"), templates);
    }

    @Test
    void propertiesRoundTripThroughThePipelineString() {
        List<GError> errors = new ArrayList<>();
        Pipeline p = launch("javatestbin name=t some-int=42 flag=true mode=gamma label=\"hello world\" limit=4000000000 "
                + "offset=-9000000000 huge=18446744073709551615 ratio=0.25 meta=\"m,a=(int)1\" filter-caps=\"video/x-vp8\"",
                errors);
        assertEquals(List.of(), errors.stream().map(GError::getMessage).toList());
        Element t = p.getElementByName("t");
        TestBin bin = javaSide(t);
        assertEquals(42, bin.getInt("some-int"));
        assertTrue(bin.getBoolean("flag"));
        assertEquals("gamma", bin.get("mode"));
        assertEquals("hello world", bin.get("label"));
        assertEquals(4_000_000_000L, bin.get("limit"));
        assertEquals(-9_000_000_000L, bin.get("offset"));
        assertEquals(-1L, bin.get("huge")); // 2^64-1 as unsigned bits
        assertEquals(0.25, bin.get("ratio"));
        assertEquals("m, a=(int)1;", bin.get("meta"));
        assertEquals("video/x-vp8", bin.get("filter-caps"));
        // read back through C (gst1-java-core goes through g_object_get)
        assertEquals(42, t.get("some-int"));
        assertEquals("hello world", t.get("label"));
        assertEquals(true, t.get("flag"));
        // and written from Java, read through C
        bin.set("some-int", 7);
        bin.set("mode", "beta");
        assertEquals(7, t.get("some-int"));
        assertTrue(bin.changedProperties.contains("mode=beta"));
    }

    @Test
    void defaultsAreVisibleBeforeAnyWrite() {
        Pipeline p = launch("javatestbin name=t", new ArrayList<>());
        TestBin bin = javaSide(p.getElementByName("t"));
        assertEquals(5, bin.getInt("some-int"));
        assertEquals("alpha", bin.get("mode"));
        assertEquals(-2L, bin.get("huge"));
        assertEquals("video/x-vp8; video/x-h264", bin.get("filter-caps"));
        assertEquals(null, bin.get("meta"));
    }

    @Test
    void badValuesGiveClearErrors() throws Exception {
        List<GError> errors = new ArrayList<>();
        launch("javatestbin mode=delta", errors);
        assertTrue(errors.stream().anyMatch(e -> e.getMessage().contains("could not set property \"mode\"")), errors.toString());

        errors.clear();
        launch("javatestbin nonexistent=1", errors);
        assertTrue(errors.stream().anyMatch(e -> e.getMessage().contains("no property \"nonexistent\"")), errors.toString());

        // GLib refuses an out-of-range value with a warning naming the property and keeps the old value
        List<String> warnings = new CopyOnWriteArrayList<>();
        GLib.LogFunc capture = (domain, level, message, data) -> warnings.add(message);
        NativeSupport.keep(capture, "glib-log");
        int handler = GLib.LIB.g_log_set_handler("GLib-GObject", 1 << 4 /* G_LOG_LEVEL_WARNING */, capture, null);
        Pipeline p;
        try {
            p = launch("javatestbin name=t some-int=200", new ArrayList<>());
        } finally {
            GLib.LIB.g_log_remove_handler("GLib-GObject", handler);
        }
        assertEquals(5, javaSide(p.getElementByName("t")).getInt("some-int"));
        assertTrue(warnings.stream().anyMatch(w -> w.contains("out of range for property 'some-int'")), warnings.toString());

        // from Java the same mistakes are exceptions naming the property
        TestBin bin = javaSide(p.getElementByName("t"));
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> bin.set("some-int", 200));
        assertEquals("property 'some-int': 200 is outside [0, 100]", range.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> bin.set("nope", 1));
        assertTrue(unknown.getMessage().startsWith("GstJavaTestBin has no property 'nope'"), unknown.getMessage());
        IllegalArgumentException enumValue = assertThrows(IllegalArgumentException.class, () -> bin.set("mode", "delta"));
        assertTrue(enumValue.getMessage().contains("[alpha, beta, gamma]"), enumValue.getMessage());
        assertThrows(IllegalArgumentException.class, () -> bin.set("buffers", 3L)); // read-only
        assertThrows(IllegalArgumentException.class, () -> bin.set("meta", "not a structure,"));
    }

    @Test
    void childProxyReachesTheJavaDefinedChild() {
        Pipeline p = launch("javatestbin name=t signaller::uri=wss://example.org:1234 signaller::timeout=9", new ArrayList<>());
        TestSignaller signaller = javaSide(p.getElementByName("t")).signaller();
        assertEquals("wss://example.org:1234", signaller.get("uri"));
        assertEquals(9L, signaller.get("timeout"));
        List<GError> errors = new ArrayList<>();
        launch("javatestbin signaller::timeout=0", errors); // out of range on the child: warning, value kept
        launch("javatestbin signaller::nope=1", errors);
        assertFalse(errors.isEmpty());
    }

    @Test
    void requestPadsStreamAndStatesChange() throws Exception {
        Pipeline p = launch("videotestsrc num-buffers=30 ! video/x-raw,width=64,height=48 ! t.video_%u "
                + "audiotestsrc num-buffers=20 ! t.audio_%u "
                + "videotestsrc num-buffers=10 ! video/x-raw,width=32,height=24 ! javatestbin name=t", new ArrayList<>());
        Element t = p.getElementByName("t");
        TestBin bin = javaSide(t);
        assertEquals(java.util.Set.of("video_0", "audio_0", "video_1"), java.util.Set.copyOf(bin.padNames));
        assertArrayEquals(bin.padNames.toArray(String[]::new), (String[]) bin.emit("get-pad-names"));

        CountDownLatch eos = new CountDownLatch(1);
        List<String> busErrors = new CopyOnWriteArrayList<>();
        p.getBus().connect((Bus.EOS) source -> eos.countDown());
        p.getBus().connect((Bus.ERROR) (source, code, message) -> {
            busErrors.add(message);
            eos.countDown();
        });
        p.play();
        assertTrue(eos.await(30, TimeUnit.SECONDS), "no EOS");
        assertEquals(List.of(), busErrors);
        assertEquals(60L, bin.get("buffers"));
        assertEquals(State.PLAYING, bin.currentState());
        // properties flagged mutable-in-READY refuse changes while playing
        IllegalStateException late = assertThrows(IllegalStateException.class, () -> bin.set("flag", true));
        assertTrue(late.getMessage().contains("can only change in READY"), late.getMessage());

        p.setState(State.NULL);
        assertEquals(List.of(StateChange.NULL_TO_READY, StateChange.READY_TO_PAUSED, StateChange.PAUSED_TO_PLAYING,
                StateChange.PLAYING_TO_PAUSED, StateChange.PAUSED_TO_READY, StateChange.READY_TO_NULL), bin.transitions);
        assertEquals(State.NULL, bin.currentState());
        bin.set("flag", true);
        assertTrue(bin.getBoolean("flag"));

        // release a request pad through the normal API
        t.releaseRequestPad(t.getStaticPad("video_1"));
        assertEquals(null, t.getStaticPad("video_1"));
    }

    @Test
    void signalsHaveClassHandlersAccumulatorsAndNotifications() {
        Pipeline p = launch("javatestbin name=t", new ArrayList<>());
        TestBin bin = javaSide(p.getElementByName("t"));
        assertEquals("pong:x", bin.emit("ping", "x"));

        List<String> requested = new CopyOnWriteArrayList<>();
        SignalConnection seen = bin.connect("pad-requested", args -> requested.add(args[1] + "#" + args[2]));
        p.getElementByName("t").getRequestPad("video_%u");
        assertEquals(List.of("video_0#1"), requested);
        seen.disconnect();

        // FIRST_WINS: an application handler replaces the class handler
        SignalConnection override = bin.connect("ping", args -> "custom:" + args[1]);
        assertEquals("custom:y", bin.emit("ping", "y"));
        override.disconnect();
        assertEquals("pong:z", bin.emit("ping", "z"));

        List<String> notified = new CopyOnWriteArrayList<>();
        bin.connect("notify::label", args -> notified.add("label"));
        bin.set("label", "x");
        assertEquals(List.of("label"), notified);

        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> bin.emit("ping", 3));
        assertTrue(bad.getMessage().contains("argument 0 of signal 'ping'"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> bin.emit("no-such-signal"));
    }

    @Test
    void instancesAreFinalizedAndForgotten() throws Exception {
        // every TestBin earlier tests created is gone once their wrappers are collected
        assertTrue(GstTesting.awaitWithGc(Duration.ofSeconds(20), () -> TestBin.TYPE.liveInstances() == 0),
                "TestBin instances left by earlier tests: " + TestBin.TYPE.liveInstances());
        int before = 0;
        // GStreamer 1.22's parser keeps a reference to a ChildProxy child when setting one of its properties
        // fails (childProxyReachesTheJavaDefinedChild does that on purpose), so signallers start from a baseline
        int signallersBefore = TestSignaller.TYPE.liveInstances();
        // without gst1-java-core wrappers the last unref finalizes synchronously
        for (int i = 0; i < 50; i++) {
            Pointer e = GstLib.LIB.gst_element_factory_make("javatestbin", null);
            GObjectLib.LIB.g_object_ref_sink(e);
            GstLib.LIB.gst_object_unref(e);
        }
        assertEquals(before, TestBin.TYPE.liveInstances());
        assertEquals(signallersBefore, TestSignaller.TYPE.liveInstances());

        // through pipelines and gst1-java-core wrappers: released once the wrappers are collected
        for (int i = 0; i < 10; i++) {
            Pipeline p = (Pipeline) Gst.parseLaunch("videotestsrc num-buffers=3 ! javatestbin name=t");
            p.getElementByName("t").set("some-int", i);
            p.setState(State.PAUSED);
            p.getState(TimeUnit.SECONDS.toNanos(5));
            p.setState(State.NULL);
            p.dispose();
        }
        assertTrue(GstTesting.awaitWithGc(Duration.ofSeconds(20), () -> TestBin.TYPE.liveInstances() == before),
                "live TestBin instances: " + TestBin.TYPE.liveInstances() + ", expected " + before);
        assertEquals(signallersBefore, TestSignaller.TYPE.liveInstances());
    }

    @Test
    void registeringTwiceIsHarmlessAndNamesAreUnique() {
        long type = TestBin.TYPE.register();
        assertEquals(type, TestBin.TYPE.register());
        ElementType<TestBin> clash = ElementType.builder("GstJavaTestBin", "javatestbin2", TestBin::new).build();
        assertThrows(IllegalStateException.class, clash::register);
    }
}
