package dev.webrtcsink.engine.gst;

import com.sun.jna.Pointer;
import dev.webrtcsink.engine.natives.GstLib;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * webrtcbin's get-stats reply: an owned copy of the structure whose fields are one nested structure per stats
 * object (codec, inbound-rtp, outbound-rtp, remote-inbound-rtp, transport, candidate-pair, data-channel, ...).
 * Entries are views into this copy: use them before {@link #close()}.
 */
public final class StatsReport extends StructureReader implements AutoCloseable {
    private boolean closed;

    StatsReport(Pointer ownedCopy) {
        super(ownedCopy);
    }

    /** Every stats entry (fields holding a structure). */
    public List<StructureReader> entries() {
        List<StructureReader> list = new ArrayList<>();
        for (String f : fieldNames()) {
            structure(f).ifPresent(list::add);
        }
        return list;
    }

    /** Entries whose "type" is the given GstWebRTCStatsType nick, e.g. "inbound-rtp". */
    public List<StructureReader> entriesOfType(String typeNick) {
        return entries().stream().filter(e -> e.enumNick("type").map(typeNick::equals).orElse(false)).toList();
    }

    public Optional<StructureReader> entry(String id) {
        return structure(id);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            GstLib.LIB.gst_structure_free(structure);
        }
    }
}
