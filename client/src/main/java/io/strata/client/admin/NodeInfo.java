package io.strata.client.admin;

/** A partition node: {@code up} while its heartbeat lease is current; {@code rack} empty when not set. */
public record NodeInfo(int id, String address, String rack, boolean up) {
}
