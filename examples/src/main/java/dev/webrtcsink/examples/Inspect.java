package dev.webrtcsink.examples;

import dev.webrtcsink.engine.WebRTC;
import dev.webrtcsink.engine.inspect.ElementInspector;
import dev.webrtcsink.engine.inspect.ElementInspector.FactorySummary;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * {@code webrtc-inspect}: gst-inspect-1.0 with our elements registered.
 *
 * <pre>java -jar examples/target/webrtc-inspect.jar [-a] [ELEMENT]</pre>
 */
public final class Inspect {
    private Inspect() {}

    static final int OK = 0;
    static final int NO_SUCH_ELEMENT = 1;
    static final int USAGE_ERROR = 2;

    static final String USAGE = """
            Usage: webrtc-inspect [OPTION...] [ELEMENT]
              (no ELEMENT)   list the element factories webrtcsink-java registers
              ELEMENT        describe one element: ours or any installed GStreamer element
              -a, --all      list every element factory, not only ours
              -h, --help     show this help
            Examples:
              webrtc-inspect webrtcsink
              webrtc-inspect fakesink""";

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        boolean all = false;
        String element = null;
        for (String a : args) {
            switch (a) {
                case "-a", "--all" -> all = true;
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return OK;
                }
                default -> {
                    if (a.startsWith("-") || element != null) {
                        err.println("webrtc-inspect: unexpected argument " + a + "\n" + USAGE);
                        return USAGE_ERROR;
                    }
                    element = a;
                }
            }
        }
        WebRTC.register();
        if (element == null) {
            listFactories(ElementInspector.factories(!all), all, out);
            return OK;
        }
        Optional<String> description = ElementInspector.describe(element);
        if (description.isEmpty()) {
            err.println("No such element or plugin '" + element + "'");
            return NO_SUCH_ELEMENT;
        }
        out.print(description.get());
        out.flush();
        return OK;
    }

    private static void listFactories(List<FactorySummary> factories, boolean all, PrintStream out) {
        if (factories.isEmpty()) {
            out.println("No element factories are registered by webrtcsink-java in this build"
                    + " (webrtc-inspect -a lists every GStreamer element).");
        }
        for (FactorySummary f : factories) {
            String origin = f.registeredByProcess() ? "webrtcsink-java" : f.plugin();
            out.println(all ? origin + ":  " + f.name() + ": " + f.longName() : f.name() + ": " + f.longName());
        }
        out.println();
        out.println("Total count: " + factories.size() + (factories.size() == 1 ? " element" : " elements"));
    }
}
