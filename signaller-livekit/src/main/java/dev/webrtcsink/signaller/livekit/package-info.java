/** Placeholder until this module is filled. */
package dev.webrtcsink.signaller.livekit;
