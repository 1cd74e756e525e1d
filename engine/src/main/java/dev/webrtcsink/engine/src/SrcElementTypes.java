package dev.webrtcsink.engine.src;

import dev.webrtcsink.api.Role;
import dev.webrtcsink.api.SignallerFactory;
import dev.webrtcsink.engine.element.ElementType;
import dev.webrtcsink.engine.element.PadTemplateDef;
import dev.webrtcsink.engine.element.PropertyDef;
import dev.webrtcsink.engine.element.SignalDef;
import dev.webrtcsink.engine.element.UriHandlerDef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webrtcsrc element types (spec §1): an abstract base {@code GstJavaBaseWebRTCSrc} with the pads, properties
 * and signal every variant shares, and one element factory per discovered {@link SignallerFactory} serving the
 * consumer role ({@code default} → {@code webrtcsrc} / {@code GstJavaWebRTCSrc}, which alone handles
 * {@code gstwebrtc://} and {@code gstwebrtcs://} URIs and has {@code connect-to-first-producer}).
 */
public final class SrcElementTypes {
    private static final Logger LOG = LoggerFactory.getLogger(SrcElementTypes.class);
    static final String DEFAULT_FACTORY = "default";
    /** GST_RANK_PRIMARY: URI auto-plugging (playbin3) picks webrtcsrc for its protocols. */
    static final int RANK_PRIMARY = 256;

    /** Spec §3.1 (no request templates: requested pads are not implemented, see the README). */
    static final String VIDEO_CAPS = "video/x-raw(ANY); application/x-rtp; video/x-vp8; video/x-h264; video/x-vp9; "
            + "video/x-h265; video/x-av1";
    static final String AUDIO_CAPS = "audio/x-raw(ANY); application/x-rtp; audio/x-opus, channel-mapping-family=(int)0; "
            + "audio/x-opus, channel-mapping-family=(int)1";

    private static final Map<String, ElementType<WebRTCSrcElement>> BY_ELEMENT_NAME = new LinkedHashMap<>();
    private static ElementType<WebRTCSrcElement> base;

    private SrcElementTypes() {}

    /** Registers the base type and one element per consumer-capable signaller factory; idempotent. */
    public static synchronized List<ElementType<WebRTCSrcElement>> registerAll(List<SignallerFactory> factories) {
        if (base == null) {
            base = baseType();
            base.register();
        }
        for (SignallerFactory f : factories) {
            String elementName = f.roles().contains(Role.CONSUMER) ? f.elementName(Role.CONSUMER) : null;
            if (elementName == null || BY_ELEMENT_NAME.containsKey(elementName)) {
                continue;
            }
            try {
                ElementType<WebRTCSrcElement> type = variant(f, elementName);
                type.register();
                BY_ELEMENT_NAME.put(elementName, type);
            } catch (RuntimeException e) {
                LOG.error("cannot register element {} for signaller factory {}", elementName, f.name(), e);
            }
        }
        return List.copyOf(BY_ELEMENT_NAME.values());
    }

    /** The registered type of an element factory name, e.g. {@code webrtcsrc}; null when not registered. */
    public static synchronized ElementType<WebRTCSrcElement> byElementName(String elementName) {
        return BY_ELEMENT_NAME.get(elementName);
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

    private static ElementType<WebRTCSrcElement> variant(SignallerFactory factory, String elementName) {
        boolean isDefault = DEFAULT_FACTORY.equals(factory.name());
        String typeName = isDefault ? "GstJavaWebRTCSrc" : "GstJava" + camel(elementName);
        ElementType.Builder<WebRTCSrcElement> b = ElementType.builder(typeName, elementName,
                        inst -> new WebRTCSrcElement(inst, factory))
                .parent(base)
                .rank(isDefault ? RANK_PRIMARY : 0)
                .metadata(isDefault ? "WebRTCSrc" : camel(elementName), "Source/Network/WebRTC",
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

    private static String camel(String name) {
        List<String> parts = new ArrayList<>();
        for (String p : name.split("[^A-Za-z0-9]+")) {
            if (!p.isEmpty()) {
                parts.add(p.substring(0, 1).toUpperCase(Locale.ROOT) + p.substring(1));
            }
        }
        return String.join("", parts);
    }
}
