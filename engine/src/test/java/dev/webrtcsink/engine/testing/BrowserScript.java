package dev.webrtcsink.engine.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the headless-Chromium scripts of {@code scripts/browser/} with node, for the
 * browser tests. Skips the calling test (a JUnit assumption that says why) when Chromium or
 * the npm packages that {@code scripts/setup} installs are missing.
 */
public final class BrowserScript {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    /** What the script printed; {@code exitCode} is -1 when it had to be killed. */
    public record Result(int exitCode, String stdout, String stderr) {
        /** The last stdout line: the scripts' one-line JSON verdict. */
        public String verdict() {
            return stdout.strip().lines().reduce((a, b) -> b).orElse("");
        }

        public String report() {
            return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    private BrowserScript() {}

    /** Skips the test unless Chromium and the harness's npm packages are installed. */
    public static Path requireHarness(String script) {
        Path root = repositoryRoot(script);
        assumeTrue(Files.isExecutable(CHROMIUM), "skipped: " + CHROMIUM + " is missing; run scripts/setup");
        assumeTrue(Files.isDirectory(root.resolve("scripts/browser/node_modules")),
                "skipped: scripts/browser/node_modules is missing; run scripts/setup");
        return root;
    }

    /**
     * Runs {@code node <script> args...} from the repository root with output in files (no pipe
     * can fill and stall it). Past {@code timeout} it gets SIGTERM (the scripts then close
     * Chromium and print diagnostics), then SIGKILL for it and anything it left.
     */
    public static Result run(String script, Duration timeout, Path tmp, String... args)
            throws IOException, InterruptedException {
        Path root = requireHarness(script);
        Path out = Files.createTempFile(tmp, "script", ".out");
        Path err = Files.createTempFile(tmp, "script", ".err");
        List<String> command = new ArrayList<>(List.of("node", root.resolve(script).toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        int exit;
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            exit = process.exitValue();
        } else {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            exit = -1;
        }
        return new Result(exit, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Maven runs tests in the module directory; an IDE may use the repository root. */
    private static Path repositoryRoot(String script) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(script))) {
                return dir;
            }
        }
        return fail("cannot find " + script + " above " + Path.of("").toAbsolutePath());
    }
}
