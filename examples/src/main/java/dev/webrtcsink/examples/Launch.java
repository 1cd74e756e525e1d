package dev.webrtcsink.examples;

import dev.webrtcsink.engine.launch.PipelineRunner;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code webrtc-launch}: gst-launch-1.0's pipeline syntax with our elements registered.
 *
 * <pre>java -jar examples/target/webrtc-launch.jar [-v] [-e] [-m] PIPELINE-DESCRIPTION</pre>
 */
public final class Launch {
    private Launch() {}

    static final String USAGE = """
            Usage: webrtc-launch [OPTION...] PIPELINE-DESCRIPTION
              -v, --verbose            print status information and property notifications
              -e, --eos-on-shutdown    force an EOS on the pipeline on Ctrl-C and wait for it
              -m, --messages           print the messages posted on the pipeline's bus
              -h, --help               show this help
            Example:
              webrtc-launch videotestsrc is-live=true ! webrtcsink run-signalling-server=true run-web-server=true""";

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        boolean verbose = false;
        boolean eos = false;
        boolean messages = false;
        List<String> words = new ArrayList<>();
        for (String a : args) {
            if (!words.isEmpty()) {
                words.add(a);
                continue;
            }
            switch (a) {
                case "-v", "--verbose" -> verbose = true;
                case "-e", "--eos-on-shutdown" -> eos = true;
                case "-m", "--messages" -> messages = true;
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return 0;
                }
                default -> {
                    if (a.startsWith("-")) {
                        System.err.println("webrtc-launch: unknown option " + a + "\n" + USAGE);
                        return 2;
                    }
                    words.add(a);
                }
            }
        }
        if (words.isEmpty()) {
            System.err.println("webrtc-launch: no pipeline description\n" + USAGE);
            return 2;
        }
        PipelineRunner runner = new PipelineRunner(new PipelineRunner.Options(verbose, eos, messages),
                System.out, System.err);
        Thread hook = new Thread(() -> runner.stop(10), "webrtc-launch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int status = runner.run(words);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C path: the hook is already running and finishes the pipeline
        }
        return status;
    }
}
