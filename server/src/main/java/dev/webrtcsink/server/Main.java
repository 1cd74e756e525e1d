package dev.webrtcsink.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar webrtcsink-signalling-server.jar [OPTIONS]}: the standalone server. Exit
 * codes: 0 after {@code --help}/{@code --version} or a clean stop (SIGINT/SIGTERM), 1 when the
 * server cannot start, 2 for a bad command line.
 */
public final class Main {
    static final String LOG_ENV = "WEBRTCSINK_SIGNALLING_SERVER_LOG";
    private static final String SIMPLE_LOGGER_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    private Main() {}

    public static void main(String[] args) {
        // before the first logger exists: slf4j-simple reads its settings once
        configureLogging(System.getenv(LOG_ENV));
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Parses, starts and (for a server) blocks until the JVM is asked to stop. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine.Request request;
        try {
            request = CommandLine.parse(args);
        } catch (CommandLine.UsageException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println();
            err.println("For more information, try '--help'.");
            return 2;
        }
        if (request instanceof CommandLine.Help) {
            out.print(CommandLine.USAGE);
            return 0;
        }
        if (request instanceof CommandLine.Version) {
            out.println("webrtcsink-signalling-server " + version());
            return 0;
        }
        SignallingServer server;
        try {
            server = ((CommandLine.Run) request).builder().build().start();
        } catch (SignallingServerException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }, "signalling-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.stop();
        }
        return 0;
    }

    /** The Maven project version, from a resource filtered at build time. */
    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "unknown");
            }
        } catch (IOException ignored) {
            // fall through: a version we cannot read is "unknown"
        }
        return "unknown";
    }

    /**
     * Maps upstream's log filter variable onto slf4j-simple. Only the level is honoured: of a
     * tracing filter like {@code info,foo=debug} the first bare level is taken.
     */
    static void configureLogging(String filter) {
        if (System.getProperty(SIMPLE_LOGGER_LEVEL) != null) {
            return;
        }
        String level = "info";
        if (filter != null) {
            for (String directive : filter.split(",")) {
                String candidate = directive.trim().toLowerCase(Locale.ROOT);
                if (candidate.matches("error|warn|info|debug|trace|off")) {
                    level = candidate;
                    break;
                }
            }
        }
        System.setProperty(SIMPLE_LOGGER_LEVEL, level);
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    }
}
