package dev.webrtcsink.engine.launch;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.webrtcsink.engine.WebRTC;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Bus;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Gst;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.freedesktop.gstreamer.StateChangeReturn;
import org.freedesktop.gstreamer.event.EOSEvent;
import org.freedesktop.gstreamer.glib.GError;
import org.freedesktop.gstreamer.glib.Natives;
import org.freedesktop.gstreamer.message.Message;
import org.freedesktop.gstreamer.message.MessageType;

/**
 * Runs a pipeline description the way {@code gst-launch-1.0} does, with our elements
 * registered: until EOS or error, printing what the options ask for. Reused by the
 * {@code webrtc-launch} example and by tests.
 */
public final class PipelineRunner {

    /** What to print and how to stop. Immutable. */
    public record Options(boolean verbose, boolean eosOnShutdown, boolean printMessages) {
        public static final Options DEFAULT = new Options(false, false, false);
    }

    /** Exit status when the pipeline ran to EOS (or was stopped cleanly). */
    public static final int OK = 0;
    /** Exit status for a pipeline error or a description that does not parse. */
    public static final int ERROR = 1;

    private final Options options;
    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicInteger status = new AtomicInteger(OK);
    private final AtomicInteger messageCount = new AtomicInteger();
    private final AtomicBoolean eosSent = new AtomicBoolean();
    private volatile Pipeline pipeline;

    public PipelineRunner(Options options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /**
     * Parses and plays {@code description}; blocks until EOS, error or {@link #stop}.
     *
     * @return {@link #OK} or {@link #ERROR}
     */
    public int run(String description) {
        return run(description, null);
    }

    /**
     * Like {@link #run(String)} for a command line split into words, parsed as gst-launch-1.0
     * does (gst_parse_launchv: each word stays one token, so {@code stun-server=} is an empty value).
     */
    public int run(List<String> words) {
        return run(null, words.toArray(new String[0]));
    }

    private int run(String description, String[] words) {
        WebRTC.register();
        List<GError> errors = new ArrayList<>();
        Element parsed;
        try {
            parsed = words != null ? Gst.parseLaunch(words, errors) : Gst.parseLaunch(description, errors);
        } catch (RuntimeException e) {
            err.println("ERROR: pipeline could not be constructed: " + e.getMessage());
            return ERROR;
        }
        if (!errors.isEmpty() || parsed == null) {
            err.println("ERROR: pipeline could not be constructed: "
                    + (errors.isEmpty() ? "unknown reason" : errors.get(0).getMessage()));
            if (parsed != null) {
                parsed.setState(State.NULL);
            }
            return ERROR;
        }
        pipeline = asPipeline(parsed);
        Bus bus = pipeline.getBus();
        bus.connect(this::onMessage);
        if (options.verbose()) {
            LaunchNatives.GST.gst_element_add_property_deep_notify_watch(Natives.getRawPointer(pipeline), null, true);
        }
        out.println("Setting pipeline to PLAYING ...");
        if (pipeline.setState(State.PLAYING) == StateChangeReturn.FAILURE) {
            err.println("ERROR: pipeline doesn't want to play.");
            // the bus usually carries the reason; give it a moment to arrive and be printed
            awaitFinished(2);
            status.set(ERROR);
        } else {
            awaitFinished(Long.MAX_VALUE);
        }
        out.println("Setting pipeline to NULL ...");
        pipeline.setState(State.NULL);
        bus.dispose();
        pipeline.dispose();
        return status.get();
    }

    /**
     * Stops a running pipeline: with {@code eosOnShutdown}, sends EOS and waits up to
     * {@code eosTimeoutSeconds} for it to drain; otherwise stops at once.
     */
    public void stop(long eosTimeoutSeconds) {
        Pipeline p = pipeline;
        if (p == null || finished.getCount() == 0) {
            return;
        }
        if (options.eosOnShutdown() && eosSent.compareAndSet(false, true)) {
            out.println("EOS on shutdown enabled -- Forcing EOS on the pipeline");
            p.sendEvent(new EOSEvent());
            if (awaitFinished(eosTimeoutSeconds)) {
                return;
            }
            err.println("EOS did not arrive within " + eosTimeoutSeconds + " s, stopping");
        }
        finished.countDown();
    }

    private boolean awaitFinished(long seconds) {
        try {
            return finished.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static Pipeline asPipeline(Element parsed) {
        if (parsed instanceof Pipeline p) {
            return p;
        }
        // a single element (or a bare bin) is wrapped like gst-launch does
        Pipeline p = new Pipeline("pipeline0");
        if (parsed instanceof Bin b && !(parsed instanceof Pipeline)) {
            p.add(b);
        } else {
            p.add(parsed);
        }
        return p;
    }

    private void onMessage(Bus bus, Message message) {
        try {
            MessageType type = message.getType();
            if (options.printMessages()) {
                printMessage(message, type);
            }
            if (type == MessageType.PROPERTY_NOTIFY) {
                printPropertyNotify(message);
            } else if (type == MessageType.ERROR) {
                err.println("ERROR: from element " + path(message) + ": " + errorText(message));
                status.set(ERROR);
                finished.countDown();
            } else if (type == MessageType.WARNING) {
                err.println("WARNING: from element " + path(message) + ": " + errorText(message));
            } else if (type == MessageType.EOS) {
                out.println("Got EOS from element \"" + message.getSource().getName() + "\".");
                finished.countDown();
            }
        } catch (RuntimeException e) {
            err.println("launcher: failed to handle a bus message: " + e);
        }
    }

    /** The GError message and debug string of an error or warning message. */
    private static String errorText(Message message) {
        PointerByReference gerror = new PointerByReference();
        PointerByReference debug = new PointerByReference();
        Pointer raw = Natives.getRawPointer(message);
        if (message.getType() == MessageType.ERROR) {
            LaunchNatives.GST.gst_message_parse_error(raw, gerror, debug);
        } else {
            LaunchNatives.GST.gst_message_parse_warning(raw, gerror, debug);
        }
        // GError is {GQuark domain; gint code; gchar *message}
        String text = gerror.getValue() == null ? "(no message)"
                : gerror.getValue().getPointer(8).getString(0);
        LaunchNatives.GLIB.g_error_free(gerror.getValue());
        String dbg = debug.getValue() == null ? null : takeString(debug.getValue());
        return dbg == null ? text : text + "\nAdditional debug info:\n" + dbg;
    }

    private static String path(Message message) {
        var src = message.getSource();
        if (src == null) {
            return "(unknown)";
        }
        Pointer p = LaunchNatives.GST.gst_object_get_path_string(Natives.getRawPointer(src));
        return takeString(p);
    }

    private void printMessage(Message message, MessageType type) {
        int n = messageCount.incrementAndGet();
        var src = message.getSource();
        var structure = message.getStructure();
        out.println("Got message #" + n + " from " + (src == null ? "(unknown)" : "element \"" + src.getName() + "\"")
                + " (" + type + "): " + (structure == null ? "no message details" : structure.toString()));
    }

    private void printPropertyNotify(Message message) {
        PointerByReference object = new PointerByReference();
        PointerByReference name = new PointerByReference();
        PointerByReference value = new PointerByReference();
        LaunchNatives.GST.gst_message_parse_property_notify(Natives.getRawPointer(message), object, name, value);
        String objectPath = takeString(LaunchNatives.GST.gst_object_get_path_string(object.getValue()));
        String property = name.getValue().getString(0);
        Pointer v = value.getValue();
        String text;
        if (v == null) {
            text = "(no value)";
        } else if (v.getLong(0) == LaunchNatives.G_TYPE_STRING) {
            text = LaunchNatives.GOBJECT.g_value_get_string(v);
        } else {
            text = takeString(LaunchNatives.GST.gst_value_serialize(v));
        }
        out.println(objectPath + ": " + property + " = " + text);
    }

    /** Copies a g_malloc'ed string and frees it. */
    private static String takeString(Pointer p) {
        if (p == null) {
            return "(null)";
        }
        try {
            return p.getString(0);
        } finally {
            LaunchNatives.GLIB.g_free(p);
        }
    }
}
