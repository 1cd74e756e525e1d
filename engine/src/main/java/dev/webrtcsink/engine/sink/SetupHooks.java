package dev.webrtcsink.engine.sink;

import org.freedesktop.gstreamer.Element;

/**
 * Application hooks run while a consumer's payload chain is built (spec §14
 * {@code encoder-setup} / {@code payloader-setup} / {@code request-encoded-filter}). Returning {@code true} means "handled":
 * the default configuration (spec §9.1 / §10.1) is then not applied.
 *
 * <p>Called on the controller's control thread, before the element reaches PLAYING.
 */
public interface SetupHooks {

    SetupHooks NONE = new SetupHooks() {};

    /** @param consumerId the peer id (or {@code "discovery"}); @param streamName pad name */
    default boolean encoderSetup(String consumerId, String streamName, Element encoder) {
        return false;
    }

    default boolean payloaderSetup(String consumerId, String streamName, Element payloader) {
        return false;
    }

    /**
     * An element to insert between the encoder (or parser) and the payloader of one stream
     * (spec §14 {@code request-encoded-filter}), with static {@code sink} and {@code src} pads;
     * {@code null} for none. The first hook returning an element wins.
     *
     * @param encodedCaps the encoded stream's caps, e.g. {@code video/x-vp8}
     */
    default Element requestEncodedFilter(String consumerId, String streamName, String encodedCaps) {
        return null;
    }
}
