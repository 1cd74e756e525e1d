package dev.webrtcsink.engine.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Closes what a test opened once the test is over, newest first: consumers go before the producers they talk to.
 * Register it as an instance field, {@code @RegisterExtension final Closer closer = new Closer();}, so that each test
 * gets its own list; it runs after the class's own {@code @AfterEach} methods.
 */
public final class Closer implements AfterEachCallback {
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    /** Closes {@code closeable} after the test; returns it. */
    public <T extends AutoCloseable> T closeLater(T closeable) {
        open.add(closeable);
        return closeable;
    }

    /** Forgets {@code closeable}: the test closed it itself (and may check what closing left behind). */
    public void forget(AutoCloseable closeable) {
        open.remove(closeable);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Exception failure = null;
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                // keep closing: one failed close must not leave the older pipelines running into the next test
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        open.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
