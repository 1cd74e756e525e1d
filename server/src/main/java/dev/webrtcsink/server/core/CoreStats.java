package dev.webrtcsink.server.core;

/**
 * A snapshot of the core's counters.
 *
 * @param peers connected peers now
 * @param producers peers whose roles include producer now
 * @param sessions open sessions now
 * @param sessionsStarted sessions started since start-up
 * @param messagesRelayed {@code peer} messages relayed since start-up
 * @param errors {@code error} replies sent since start-up
 */
public record CoreStats(int peers, int producers, int sessions, long sessionsStarted,
                        long messagesRelayed, long errors) {}
