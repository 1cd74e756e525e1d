package dev.webrtcsink.api.protocol;

/** What a {@link PeerMessage} carries: a session description or an ICE candidate. */
public sealed interface PeerPayload permits SessionDescription, IceCandidate {}
