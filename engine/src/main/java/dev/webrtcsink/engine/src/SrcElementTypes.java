package dev.webrtcsink.engine.src;

import dev.webrtcsink.api.Role;
import dev.webrtcsink.api.SignallerFactory;
import dev.webrtcsink.engine.element.ElementType;
import dev.webrtcsink.engine.element.PadTemplateDef;
import dev.webrtcsink.engine.element.PropertyDef;
import dev.webrtcsink.engine.element.SignalDef;
import dev.webrtcsink.engine.signalling.SignallerVariants;
import dev.webrtcsink.engine.element.UriHandlerDef;
import java.util.List;

/**
 * The webrtcsrc element types (spec §1): an abstract base {@code GstJavaBaseWebRTCSrc} with the pads, properties
 * and signal every variant shares, and one element factory per discovered {@link SignallerFactory} serving the
 * consumer role ({@code default} → {@code webrtcsrc} / {@code GstJavaWebRTCSrc}, which alone handles
 * {@code gstwebrtc://} and {@code gstwebrtcs://} URIs and has {@code connect-to-first-producer}).
 */
public final class SrcElementTypes {
    static final String DEFAULT_FACTORY = "default";
    /** GST_RANK_PRIMARY: URI auto-plugging (playbin3) picks webrtcsrc for its protocols. */
    static final int RANK_PRIMARY = 256;

    /** Spec §3.1 (no request templates: requested pads are not implemented, see the README). */
    static final String VIDEO_CAPS = "video/x-raw(ANY); application/x-rtp; video/x-vp8; video/x-h264; video/x-vp9; "
            + "video/x-h265; video/x-av1";
    static final String AUDIO_CAPS = "audio/x-raw(ANY); application/x-rtp; audio/x-opus, channel-mapping-family=(int)0; "
            + "audio/x-opus, channel-mapping-family=(int)1";

    private static final SignallerVariants<WebRTCSrcElement> VARIANTS =
            new SignallerVariants<>(Role.CONSUMER, SrcElementTypes::baseType, SrcElementTypes::variant);

    private SrcElementTypes() {}

    /** Registers the base type and one element per consumer-capable signaller factory; idempotent. */
    public static List<ElementType<WebRTCSrcElement>> registerAll(List<SignallerFactory> factories) {
        return VARIANTS.registerAll(factories);
    }

    /** The registered type of an element factory name; null when not registered. */
    public static ElementType<WebRTCSrcElement> byElementName(String elementName) {
        return VARIANTS.byElementName(elementName);
    }

    private static ElementType<WebRTCSrcElement> baseType() {
        ElementType.Builder<WebRTCSrcElement> b = ElementType.<WebRTCSrcElement>builder("GstJavaBaseWebRTCSrc", null,
                        inst -> {
                            throw new IllegalStateException("GstJavaBaseWebRTCSrc is abstract: use a variant such as webrtcsrc");
                        })
                .metadata("Base WebRTCSrc", "Source/Network/WebRTC", "WebRTC src base class", "webrtcsink-java")
                .padTemplate(PadTemplateDef.sometimesSrc("video_%u", VIDEO_CAPS))
                .padTemplate(PadTemplateDef.sometimesSrc("audio_%u", AUDIO_CAPS))
                .childProxy();
        for (PropertyDef p : SrcProperties.base()) {
            b.property(p);
        }
        for (SignalDef s : SrcProperties.signals()) {
            b.signal(s);
        }
        return b.build();
    }

    private static ElementType<WebRTCSrcElement> variant(ElementType<WebRTCSrcElement> base, SignallerFactory factory) {
        String elementName = factory.elementName(Role.CONSUMER);
        boolean isDefault = DEFAULT_FACTORY.equals(factory.name());
        String typeName = isDefault ? "GstJavaWebRTCSrc" : "GstJava" + SignallerVariants.camelCase(elementName);
        ElementType.Builder<WebRTCSrcElement> b = ElementType.builder(typeName, elementName,
                        inst -> new WebRTCSrcElement(inst, factory))
                .parent(base)
                .rank(isDefault ? RANK_PRIMARY : 0)
                .metadata(isDefault ? "WebRTCSrc" : SignallerVariants.camelCase(elementName), "Source/Network/WebRTC",
                        isDefault ? "WebRTC src"
                                : "WebRTC src with the " + factory.name() + " signaller (" + factory.description() + ")",
                        "webrtcsink-java");
        if (isDefault) {
            for (PropertyDef p : SrcProperties.defaultVariant()) {
                b.property(p);
            }
            b.uriHandler(UriHandlerDef.source(WebRTCSrcElement.SCHEME, WebRTCSrcElement.SCHEME_TLS));
        }
        return b.build();
    }
}
