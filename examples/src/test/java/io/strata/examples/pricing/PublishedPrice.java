package io.strata.examples.pricing;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** Where the cluster put the price with sequence number {@code sequence} (item {@code s-<sequence>}). */
record PublishedPrice(int sequence, int partition, long offset) {

    /** Per partition, the offset after the last of {@code prices} on it: what a group has committed once it processed them all. */
    static Map<Integer, Long> endOffsets(Collection<PublishedPrice> prices) {
        Map<Integer, Long> ends = new TreeMap<>();
        prices.forEach(price -> ends.merge(price.partition(), price.offset() + 1, Math::max));
        return ends;
    }
}
