/**
 * gst-inspect-1.0 inside the JVM ({@link dev.webrtcsink.engine.inspect.ElementInspector}): element factories and
 * their details from GStreamer's own introspection, so Java-defined elements (registered without a plugin by
 * {@code WebRTC.register()}) and installed GStreamer elements are described alike. Output follows gst-inspect's
 * layout (tests compare it with the real tool for several elements) and adds a "Child Properties" section for
 * ChildProxy children such as webrtcsink's {@code signaller}. Used by the {@code webrtc-inspect} example.
 *
 * <p>Known differences from gst-inspect 1.22: GstElement's own signals (pad-added, ...) are not listed for bins,
 * presets are not listed, and the plugin file name is the loaded one rather than the registry cache's.
 */
package dev.webrtcsink.engine.inspect;
