/**
 * Thin raw-JNA helpers around webrtcbin, replacing the parts of gst1-java-core 1.4.0 that double-free or drop
 * errors: {@link dev.webrtcsink.engine.gst.GstPromise} (owned, awaited with a timeout, reply read in place),
 * {@link dev.webrtcsink.engine.gst.WebRtcBin} (offer/answer as SDP text, descriptions set from text with
 * webrtcbin's errors surfaced as {@link dev.webrtcsink.engine.gst.WebRtcException}, ICE, transceivers with codec
 * preferences, data channels, get-stats, UPnP off), {@link dev.webrtcsink.engine.gst.DataChannel},
 * {@link dev.webrtcsink.engine.gst.StatsReport} and {@link dev.webrtcsink.engine.gst.StructureReader} (nested
 * structures read with gst_structure_get_*).
 *
 * <p>Threading: the blocking calls (create/set descriptions, get-stats) must run on the caller's own thread (an
 * element's control executor), never in a webrtcbin signal handler, which runs on webrtcbin's threads and would
 * deadlock the promise. Handlers registered here run on webrtcbin's threads: hop off before doing real work.
 *
 * <p>webrtcbin 1.22 notes: pre-create recvonly transceivers (with the transport-cc extmap in the codec
 * preferences) before answering; create data channels in READY or later; call
 * {@link dev.webrtcsink.engine.gst.WebRtcBin#disableUpnp()} on every webrtcbin.
 */
package dev.webrtcsink.engine.gst;
