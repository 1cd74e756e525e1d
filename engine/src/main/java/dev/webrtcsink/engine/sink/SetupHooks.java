package dev.webrtcsink.engine.sink;

import org.freedesktop.gstreamer.Element;

/**
 * Application hooks run while a consumer's payload chain is built (spec §14
 * {@code encoder-setup} / {@code payloader-setup}). Returning {@code true} means "handled":
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
}
