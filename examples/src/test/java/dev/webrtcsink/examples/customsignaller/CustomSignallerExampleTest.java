package dev.webrtcsink.examples.customsignaller;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The custom-signaller example really signals: the messages cross the relay and the consumer decodes video. */
class CustomSignallerExampleTest {

    @Test
    void relaySignallerCarriesASessionEndToEnd() throws Exception {
        List<String> trace = new CopyOnWriteArrayList<>();
        Relay.trace(trace::add);
        try {
            long decoded = CustomSignallerExample.run(30, Duration.ofSeconds(30));
            assertTrue(decoded >= 30, "decoded " + decoded + " frames; signalling: " + trace);
            assertTrue(trace.stream().anyMatch(l -> l.contains("producer -> consumer: offer")), trace.toString());
            assertTrue(trace.stream().anyMatch(l -> l.contains("consumer -> producer: answer")), trace.toString());
            assertTrue(trace.stream().anyMatch(l -> l.contains("consumer -> producer: candidate")), trace.toString());
            assertTrue(trace.stream().anyMatch(l -> l.contains("producer -> consumer: candidate")), trace.toString());
        } finally {
            Relay.trace(null);
        }
    }
}
