package dev.webrtcsink.engine.sink;

import dev.webrtcsink.engine.codec.MediaKind;
import java.util.Objects;
import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Element;

/**
 * One input stream of the sink (a {@code video_N}/{@code audio_N} request pad): its name, kind,
 * caps once known, and the native fan-out element that consumer pipelines tap.
 *
 * <p>The fan-out element is a {@code tee} (with {@code allow-not-linked=true}) owned by the
 * producer side — the element layer puts one behind each request pad, tests put one after
 * their sources. Each consumer gets its own {@link InputTap}: a leaky queue and a
 * {@code proxysink} in the producer bin feeding a {@code proxysrc} in the consumer pipeline,
 * so buffers cross pipelines without any Java code per buffer.
 */
public final class SinkInput {

    private final String name;
    private final MediaKind kind;
    private final Element fanout;
    private volatile String caps;
    private volatile String msid;

    /**
     * @param name   pad name, e.g. {@code video_0}; also the stream name used in stats and hooks
     * @param fanout a {@code tee} inside a bin that is (or will be) in the producer pipeline; it
     *               must have {@code allow-not-linked=true} before data flows (set here too), or
     *               the producer stops with not-linked while no consumer is connected
     */
    public SinkInput(String name, MediaKind kind, Element fanout) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.fanout = Objects.requireNonNull(fanout, "fanout");
        if (!"tee".equals(fanout.getFactory().getName())) {
            throw new IllegalArgumentException("fan-out element of " + name + " must be a tee, got "
                    + fanout.getFactory().getName());
        }
        fanout.set("allow-not-linked", true);
    }

    public String name() {
        return name;
    }

    public MediaKind kind() {
        return kind;
    }

    /** Input caps as text, or {@code null} while unknown. */
    public String caps() {
        return caps;
    }

    /** Records the caps of the input (the element layer calls this on CAPS events). */
    public void setCaps(String caps) {
        this.caps = caps;
    }

    public boolean hasCaps() {
        return caps != null;
    }

    /** True when the input carries raw media that needs encoding. */
    public boolean isRaw() {
        String c = caps;
        return c != null && (c.startsWith("video/x-raw") || c.startsWith("audio/x-raw"));
    }

    /** The caps name, e.g. {@code video/x-raw} or {@code video/x-h264}; null while unknown. */
    public String capsName() {
        String c = caps;
        if (c == null) {
            return null;
        }
        int end = c.length();
        for (char stop : new char[] {',', '(', ';'}) {
            int i = c.indexOf(stop);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        return c.substring(0, end).trim();
    }

    /** MediaStream id forwarded to webrtcbin pads (pad property {@code msid}), or null. */
    public String msid() {
        return msid;
    }

    public void setMsid(String msid) {
        this.msid = msid;
    }

    Element fanout() {
        return fanout;
    }

    Bin producerBin() {
        Object parent = fanout.getParent();
        if (!(parent instanceof Bin bin)) {
            throw new IllegalStateException("fan-out tee of " + name + " is not inside a bin");
        }
        return bin;
    }

    @Override
    public String toString() {
        return name + "(" + kind.sdpName() + ", " + (caps == null ? "no caps" : caps) + ")";
    }
}
