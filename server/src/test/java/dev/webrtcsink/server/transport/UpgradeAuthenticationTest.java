package dev.webrtcsink.server.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.webrtcsink.server.SignallingServer;
import dev.webrtcsink.server.testing.Await;
import dev.webrtcsink.server.testing.RawWebSocketClient;
import dev.webrtcsink.server.testing.RelayTestCore;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bearer token and HS256 JWT on the upgrade, from the header or {@code ?token=}. */
class UpgradeAuthenticationTest {
    private static final String TOKEN = "static-secret-token";
    private static final String JWT_SECRET = "jwt-signing-secret";
    private static final Duration READ = Duration.ofSeconds(10);
    private static SignallingServer server;

    @BeforeAll
    static void startServer() {
        server = SignallingServer.builder().host("127.0.0.1").port(0).core(new RelayTestCore()::attach)
                .auth(TokenVerifier.bearer(TOKEN).or(TokenVerifier.hs256Jwt(JWT_SECRET.getBytes(StandardCharsets.UTF_8))))
                .build().start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    private static RawWebSocketClient withHeader(String authorization) throws Exception {
        return RawWebSocketClient.connect(server.port(), "/", Map.of("Authorization", authorization));
    }

    private static RawWebSocketClient withQuery(String token) throws Exception {
        return RawWebSocketClient.connect(server.port(), "/?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8),
                Map.of());
    }

    private static void assertAdmitted(RawWebSocketClient client) throws Exception {
        try (client) {
            assertEquals(101, client.status);
            assertTrue(client.nextText(READ).contains("welcome"));
        }
    }

    private static void assertRefused(RawWebSocketClient client, String reason) throws Exception {
        try (client) {
            assertEquals(401, client.status);
            assertTrue(client.responseHeaders.get("www-authenticate").startsWith("Bearer"));
            assertTrue(client.responseBody.contains(reason), client.responseBody);
            assertTrue(client.awaitServerClose(READ), "the server closes a refused connection");
        }
    }

    @Test
    void bearerTokenInTheHeaderOrTheQueryIsAdmitted() throws Exception {
        assertAdmitted(withHeader("Bearer " + TOKEN));
        assertAdmitted(withHeader("bearer " + TOKEN));
        assertAdmitted(withQuery(TOKEN));
    }

    @Test
    void validJwtIsAdmitted() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String jwt = JwtTestTokens.hs256(JWT_SECRET, "{\"sub\":\"camera-1\",\"exp\":" + (now + 300) + "}");
        assertAdmitted(withHeader("Bearer " + jwt));
        assertAdmitted(withQuery(jwt));
    }

    @Test
    void wrongTokensAreRefusedWith401() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        assertRefused(withHeader("Bearer wrong"), "invalid bearer token");
        assertRefused(withQuery(JwtTestTokens.hs256("not-the-secret", "{}")), "invalid JWT signature");
        assertRefused(withHeader("Bearer " + JwtTestTokens.hs256(JWT_SECRET, "{\"exp\":" + (now - 3600) + "}")),
                "JWT expired");
        assertRefused(withHeader("Bearer " + JwtTestTokens.unsigned("{}")), "not a signed JWT");
    }

    @Test
    void missingTokenIsRefusedWith401() throws Exception {
        assertRefused(RawWebSocketClient.connect(server.port()), "missing token");
        assertRefused(withHeader("Basic dXNlcjpwYXNz"), "missing token");
        long rejected = server.stats().transport().connectionsRejected();
        assertTrue(rejected >= 2, "rejections counted: " + rejected);
    }

    @Test
    void aRealClientSeesThe401() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/");
        CompletionException refused = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> http.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {}).join());
        assertTrue(refused.getCause() instanceof WebSocketHandshakeException, refused.toString());
        assertEquals(401, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());

        WebSocket admitted = http.newWebSocketBuilder().header("Authorization", "Bearer " + TOKEN)
                .buildAsync(uri, new WebSocket.Listener() {}).get(10, TimeUnit.SECONDS);
        admitted.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        Await.until(READ, "admitted connection counted", () -> server.stats().transport().connectionsAccepted() >= 1);
    }
}
