package io.strata.examples.pricing;

/** A buy order the pricer places for a quote at or under its limit, on the {@code orders} topic (JSON). */
public record Order(String item, double amount, int quantity) {
}
