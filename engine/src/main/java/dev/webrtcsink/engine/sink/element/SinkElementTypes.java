package dev.webrtcsink.engine.sink.element;

import dev.webrtcsink.api.Role;
import dev.webrtcsink.api.SignallerFactory;
import dev.webrtcsink.engine.element.ElementType;
import dev.webrtcsink.engine.element.PadTemplateDef;
import dev.webrtcsink.engine.element.PropertyDef;
import dev.webrtcsink.engine.element.SignalDef;
import dev.webrtcsink.engine.signalling.SignallerVariants;
import java.util.List;

/**
 * The webrtcsink element types (spec §1): an abstract base {@code GstJavaBaseWebRTCSink} with the pads, properties
 * and signals every variant shares, and one element factory per discovered {@link SignallerFactory} that serves the
 * producer role ({@code default} → {@code webrtcsink} / {@code GstJavaWebRTCSink}, which alone adds the embedded
 * signalling server properties). Signaller modules added later get their element with no change here.
 */
public final class SinkElementTypes {
    static final String DEFAULT_FACTORY = "default";

    /** Spec §2.1 (encoded entries: the non-raw codecs of the codec table). */
    static final String VIDEO_TEMPLATE_CAPS = "video/x-raw; video/x-raw(memory:CUDAMemory); video/x-raw(memory:GLMemory); "
            + "video/x-raw(memory:NVMM); video/x-raw(memory:D3D11Memory); video/x-raw(memory:VAMemory); "
            + "video/x-vp8; video/x-h264; video/x-vp9; video/x-h265; video/x-av1";
    static final String AUDIO_TEMPLATE_CAPS = "audio/x-raw; audio/x-opus, channel-mapping-family=(int)0; "
            + "audio/x-opus, channel-mapping-family=(int)1";

    private static final SignallerVariants<WebRTCSinkElement> VARIANTS =
            new SignallerVariants<>(Role.PRODUCER, SinkElementTypes::baseType, SinkElementTypes::variant);

    private SinkElementTypes() {}

    /** Registers the base type and one element per producer-capable signaller factory; idempotent. */
    public static List<ElementType<WebRTCSinkElement>> registerAll(List<SignallerFactory> factories) {
        return VARIANTS.registerAll(factories);
    }

    /** The registered type of an element factory name; null when not registered. */
    public static ElementType<WebRTCSinkElement> byElementName(String elementName) {
        return VARIANTS.byElementName(elementName);
    }

    private static ElementType<WebRTCSinkElement> baseType() {
        ElementType.Builder<WebRTCSinkElement> b = ElementType.<WebRTCSinkElement>builder("GstJavaBaseWebRTCSink", null,
                inst -> {
                    throw new IllegalStateException("GstJavaBaseWebRTCSink is abstract: use a variant such as webrtcsink");
                })
                .metadata("Base WebRTCSink", "Sink/Network/WebRTC", "WebRTC sink base class", "webrtcsink-java")
                .padTemplate(PadTemplateDef.requestSink("video_%u", VIDEO_TEMPLATE_CAPS))
                .padTemplate(PadTemplateDef.requestSink("audio_%u", AUDIO_TEMPLATE_CAPS))
                .childProxy();
        for (PropertyDef p : SinkProperties.base()) {
            b.property(p);
        }
        for (SignalDef s : SinkSignals.all()) {
            b.signal(s);
        }
        return b.build();
    }

    private static ElementType<WebRTCSinkElement> variant(ElementType<WebRTCSinkElement> base, SignallerFactory factory) {
        String elementName = factory.elementName(Role.PRODUCER);
        boolean isDefault = DEFAULT_FACTORY.equals(factory.name());
        String typeName = isDefault ? "GstJavaWebRTCSink" : "GstJava" + SignallerVariants.camelCase(elementName);
        ElementType.Builder<WebRTCSinkElement> b = ElementType.builder(typeName, elementName,
                        inst -> new WebRTCSinkElement(inst, factory, isDefault))
                .parent(base)
                .metadata(isDefault ? "WebRTCSink" : SignallerVariants.camelCase(elementName), "Sink/Network/WebRTC",
                        isDefault ? "WebRTC sink with custom protocol signaller"
                                : "WebRTC sink with the " + factory.name() + " signaller (" + factory.description() + ")",
                        "webrtcsink-java");
        // no childProxy() here: the base implements GstChildProxy already and variants inherit it
        if (isDefault) {
            for (PropertyDef p : SinkProperties.signallingServer()) {
                b.property(p);
            }
        }
        return b.build();
    }
}
