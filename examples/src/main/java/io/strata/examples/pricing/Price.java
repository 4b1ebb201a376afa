package io.strata.examples.pricing;

/** A price quote for an item, as it travels on the {@code prices} topic (JSON). */
public record Price(String item, double amount) {
}
