/** Signaller SPI and value types shared by every module; no GStreamer types. */
package dev.webrtcsink.api;
