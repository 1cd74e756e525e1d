/**
 * Defining GObject and GStreamer element types in Java, knowing nothing about WebRTC.
 *
 * <p>Describe a type with {@link dev.webrtcsink.engine.element.ElementType#builder} (elements, by default GstBin
 * subclasses, with an element factory usable from {@code Gst.parseLaunch}) or
 * {@link dev.webrtcsink.engine.element.ObjectType#builder} (plain GObjects, e.g. a signaller reachable through
 * ChildProxy, or a GstGhostPad subclass), using {@link dev.webrtcsink.engine.element.PropertyDef},
 * {@link dev.webrtcsink.engine.element.SignalDef}, {@link dev.webrtcsink.engine.element.PadTemplateDef} and
 * {@link dev.webrtcsink.engine.element.EnumDef}. Behaviour goes into a subclass of
 * {@link dev.webrtcsink.engine.element.JavaElement} / {@link dev.webrtcsink.engine.element.JavaObject}: one Java
 * object per native instance, created in instance_init and dropped in finalize.
 *
 * <p>Native rules this package enforces so callers need not: class-struct offsets are verified against the
 * running GLib/GStreamer before the first registration ({@code ClassLayout}); every callback handed to C is
 * referenced for the life of the JVM; every vfunc catches all exceptions (JNA would swallow them and C would read
 * garbage); strings given to GLib are always copied (no *_static_* calls with JNA's temporary strings); types are
 * registered without a plugin (gst_element_register(NULL, ...)).
 *
 * <p>Threading: hooks run on the thread GLib calls from. {@code changeState} runs on the application thread
 * changing state; {@code requestPad}/{@code releasePad} may run on streaming threads; property hooks on whoever
 * sets the property. Hooks must be short and must not wait for work that needs the calling thread. Per-buffer
 * work never goes through Java in product code.
 */
package dev.webrtcsink.engine.element;
