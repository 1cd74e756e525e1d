/**
 * JNA bindings of GLib, GObject and GStreamer functions (no logic), plus the two pieces of generic plumbing both
 * {@code element} and {@code gst} build on: {@link dev.webrtcsink.engine.natives.GValues} (one mapping between
 * GValues and Java values) and {@link dev.webrtcsink.engine.natives.Signals} (emitting signals and connecting
 * Java handlers through one generic GClosure marshaller). Internal to the engine: public only because Java
 * packages require it. Assumes LP64.
 */
package dev.webrtcsink.engine.natives;
