package dev.webrtcsink.engine.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PipelineRunnerTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(PipelineRunner.Options options, String description) {
        return new PipelineRunner(options, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(description);
    }

    @Test
    void verbosePrintsPropertyNotificationsLikeGstLaunch() {
        int status = run(new PipelineRunner.Options(true, false, false),
                "videotestsrc num-buffers=5 ! fakesink name=sink silent=false");
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(PipelineRunner.OK, status, err.toString(StandardCharsets.UTF_8));
        assertTrue(Pattern.compile("/GstPipeline:pipeline\\d+/GstFakeSink:sink: last-message = chain").matcher(printed).find(),
                printed);
        assertTrue(Pattern.compile("Got EOS from element \"pipeline\\d+\"").matcher(printed).find(), printed);
    }

    @Test
    void messagesOptionPrintsBusMessages() {
        int status = run(new PipelineRunner.Options(false, false, true), "fakesrc num-buffers=3 ! fakesink");
        assertEquals(PipelineRunner.OK, status);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("Got message #1 from"), printed);
        assertTrue(printed.contains("(STATE_CHANGED)"), printed);
    }

    @Test
    void unknownElementIsAClearError() {
        int status = run(PipelineRunner.Options.DEFAULT, "videotestsrc ! nosuchelementanywhere");
        assertEquals(PipelineRunner.ERROR, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("nosuchelementanywhere"), err.toString());
    }

    @Test
    void runtimeErrorIsReportedWithTheElementPath() {
        // a missing file parses fine and fails when the pipeline starts
        int status = run(PipelineRunner.Options.DEFAULT,
                "filesrc location=/nonexistent/webrtcsink-test ! fakesink");
        String printed = err.toString(StandardCharsets.UTF_8);
        assertEquals(PipelineRunner.ERROR, status, printed);
        assertTrue(Pattern.compile("ERROR: from element /GstPipeline:pipeline\\d+/GstFileSrc:filesrc\\d+: .*")
                .matcher(printed).find(), printed);
    }
}
