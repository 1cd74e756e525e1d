package dev.webrtcsink.server;

import dev.webrtcsink.server.transport.TokenVerifier;
import dev.webrtcsink.server.transport.TransportLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The standalone server's command line: upstream's options ({@code --host}, {@code -p/--port},
 * {@code -c/--cert}, {@code -k/--key}, {@code -h/--help}, {@code -V/--version}) plus our limits,
 * authentication and metrics. Both {@code --opt value} and {@code --opt=value} are accepted.
 */
final class CommandLine {

    /** What the command line asks for. */
    sealed interface Request permits Help, Version, Run {}

    record Help() implements Request {}

    record Version() implements Request {}

    /** Run a server configured by {@code builder} (its core still to be chosen). */
    record Run(SignallingServer.Builder builder) implements Request {}

    /** A command line that cannot be obeyed; the message says why. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static final String USAGE = """
            Usage: java -jar webrtcsink-signalling-server.jar [OPTIONS]

            WebRTC signalling server, wire-compatible with gst-webrtc-signalling-server.

            Options:
                  --host <ADDR>              Address to listen on [default: 0.0.0.0]
              -p, --port <PORT>              Port to listen on [default: 8443]
              -c, --cert <FILE>              TLS certificate chain (PEM); with --key, serves wss://
              -k, --key <FILE>               TLS private key (PEM: PKCS#8, PKCS#1 RSA or SEC1 EC)
                  --header <NAME:VALUE>      Extra header on every handshake response (repeatable)
                  --auth-token <TOKEN>       Require this bearer token on the upgrade
                  --auth-token-file <FILE>   Same, read from a file (keeps it out of `ps`)
                  --auth-jwt-secret <SECRET> Require an HS256 JWT signed with this secret (exp/nbf checked)
                  --auth-jwt-secret-file <FILE>
                                             Same, read from a file
                  --max-frame-bytes <N>      Largest message accepted, in bytes [default: 65536]
                  --rate-limit <N>           Messages per second per connection, 0 = off [default: 200]
                  --rate-burst <N>           Messages a connection may send at once [default: 1000]
                  --send-queue <N>           Outgoing messages a connection may have waiting
                                             before it is disconnected as too slow [default: 1000]
                  --ping-interval <SECONDS>  Ping a peer after this long without a frame from it [default: 30]
                  --pong-timeout <SECONDS>   Drop a peer that has not answered a ping in this long [default: 30]
                  --metrics-port <PORT>      Serve /health (JSON) and /metrics (Prometheus) on this port [default: off]
                  --metrics-host <ADDR>      Address of the metrics port [default: 127.0.0.1]
              -h, --help                     Print help
              -V, --version                  Print version

            Tokens are read from an 'Authorization: Bearer <token>' header or a '?token=<token>'
            query parameter (browsers cannot set WebSocket headers); refused upgrades get HTTP 401.
            With both --auth-token and --auth-jwt-secret, either is accepted.

            Environment:
              WEBRTCSINK_SIGNALLING_SERVER_LOG   Log level: error, warn, info, debug or trace [default: info]
            """;

    private CommandLine() {}

    static Request parse(String... args) throws UsageException {
        SignallingServer.Builder builder = SignallingServer.builder();
        TransportLimits defaults = TransportLimits.DEFAULTS;
        String cert = null;
        String key = null;
        List<TokenVerifier> verifiers = new ArrayList<>();
        int maxFrameBytes = defaults.maxFrameBytes();
        double rate = defaults.messagesPerSecond();
        int burst = defaults.messageBurst();
        int sendQueue = defaults.sendQueueMessages();
        long pingSeconds = defaults.pingAfterIdle().toSeconds();
        long pongSeconds = defaults.pongTimeout().toSeconds();
        String metricsHost = "127.0.0.1";
        int metricsPort = -1;

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String option = arg;
            String inlineValue = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                option = arg.substring(0, eq);
                inlineValue = arg.substring(eq + 1);
            }
            switch (option) {
                case "-h", "--help" -> {
                    return new Help();
                }
                case "-V", "--version" -> {
                    return new Version();
                }
                default -> { }
            }
            if (!option.startsWith("-")) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            String value;
            if (inlineValue != null) {
                value = inlineValue;
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException(knownOption(option) ? "option '" + option + "' needs a value"
                        : "unknown option '" + option + "'");
            }
            switch (option) {
                case "--host" -> builder.host(nonEmpty(option, value));
                case "-p", "--port" -> builder.port(intIn(option, value, 0, 65535));
                case "-c", "--cert" -> cert = nonEmpty(option, value);
                case "-k", "--key" -> key = nonEmpty(option, value);
                case "--header" -> {
                    int colon = value.indexOf(':');
                    if (colon <= 0) {
                        throw new UsageException("--header wants NAME:VALUE, got '" + value + "'");
                    }
                    String name = value.substring(0, colon).trim();
                    String headerValue = value.substring(colon + 1).trim();
                    String problem = SignallingServer.Builder.headerProblem(name, headerValue);
                    if (problem != null) {
                        throw new UsageException("--header: " + problem);
                    }
                    builder.header(name, headerValue);
                }
                case "--auth-token" -> verifiers.add(TokenVerifier.bearer(nonEmpty(option, value)));
                case "--auth-token-file" -> verifiers.add(TokenVerifier.bearer(readSecret(option, value)));
                case "--auth-jwt-secret" -> verifiers.add(jwt(nonEmpty(option, value)));
                case "--auth-jwt-secret-file" -> verifiers.add(jwt(readSecret(option, value)));
                case "--max-frame-bytes" -> maxFrameBytes = intIn(option, value, 1, Integer.MAX_VALUE);
                case "--rate-limit" -> rate = intIn(option, value, 0, Integer.MAX_VALUE);
                case "--rate-burst" -> burst = intIn(option, value, 1, Integer.MAX_VALUE);
                case "--send-queue" -> sendQueue = intIn(option, value, 1, Integer.MAX_VALUE);
                case "--ping-interval" -> pingSeconds = intIn(option, value, 1, 86_400);
                case "--pong-timeout" -> pongSeconds = intIn(option, value, 1, 86_400);
                case "--metrics-port" -> metricsPort = intIn(option, value, 0, 65535);
                case "--metrics-host" -> metricsHost = nonEmpty(option, value);
                default -> throw new UsageException("unknown option '" + option + "'");
            }
        }
        if ((cert == null) != (key == null)) {
            throw new UsageException("TLS needs both --cert and --key");
        }
        if (cert != null) {
            builder.tls(Path.of(cert), Path.of(key));
        }
        if (!verifiers.isEmpty()) {
            builder.auth(verifiers.stream().reduce(TokenVerifier::or).orElseThrow());
        }
        builder.limits(new TransportLimits(maxFrameBytes, rate, burst, sendQueue, defaults.sendQueueBytes(),
                defaults.sendStallTimeout(), Duration.ofSeconds(pingSeconds), Duration.ofSeconds(pongSeconds),
                defaults.handshakeTimeout(), defaults.inboundQueueCapacity()));
        builder.metrics(metricsHost, metricsPort);
        return new Run(builder);
    }

    private static final List<String> OPTIONS_WITH_VALUES = List.of("--host", "-p", "--port", "-c", "--cert",
            "-k", "--key", "--header", "--auth-token", "--auth-token-file", "--auth-jwt-secret",
            "--auth-jwt-secret-file", "--max-frame-bytes", "--rate-limit", "--rate-burst", "--send-queue",
            "--ping-interval", "--pong-timeout", "--metrics-port", "--metrics-host");

    private static boolean knownOption(String option) {
        return OPTIONS_WITH_VALUES.contains(option);
    }

    private static TokenVerifier jwt(String secret) {
        return TokenVerifier.hs256Jwt(secret.getBytes(StandardCharsets.UTF_8));
    }

    private static String nonEmpty(String option, String value) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException("option '" + option + "' needs a non-empty value");
        }
        return value;
    }

    private static int intIn(String option, String value, int min, int max) throws UsageException {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw new UsageException("option '" + option + "' wants a whole number from " + min + " to " + max
                + ", got '" + value + "'");
    }

    /** A secret from a file, without the trailing newline editors add. */
    private static String readSecret(String option, String file) throws UsageException {
        try {
            String secret = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
            if (secret.isEmpty()) {
                throw new UsageException(option + ": " + file + " is empty");
            }
            return secret;
        } catch (IOException e) {
            throw new UsageException(option + ": cannot read " + file + ": " + e.getMessage());
        }
    }
}
