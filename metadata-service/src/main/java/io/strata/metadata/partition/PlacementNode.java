package io.strata.metadata.partition;

/** A live node as replica placement sees it; {@code rack} is empty when not set. */
public record PlacementNode(int id, String rack) {
}
