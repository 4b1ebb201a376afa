package io.strata.gateway.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.strata.api.error.StrataException;
import io.strata.gateway.produce.PartitionOutcome;
import io.strata.gateway.produce.ProducePlan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer to a REST produce: {@code {"offsets":[{"partition":p,"offset":o}, …]}}, one entry per
 * record in request order ({@code offset} null with acks=0).
 *
 * <p>When a partition's append failed the whole request answers with that failure (the first, by
 * partition), and its message says how many of the request's records were appended anyway: other
 * partitions, and earlier appends of the same partition, are not rolled back.
 */
@RegisterForReflection
public record ProduceAnswer(List<Offset> offsets) {

    /** Where one record went. */
    @RegisterForReflection
    public record Offset(int partition, Long offset) {
    }

    public static ProduceAnswer of(ProducePlan plan, List<PartitionOutcome> outcomes) {
        Map<Integer, PartitionOutcome> byPartition = new HashMap<>();
        int appended = 0;
        StrataException firstFailure = null;
        for (PartitionOutcome outcome : outcomes) {
            byPartition.put(outcome.partition(), outcome);
            appended += outcome.appended();
            if (outcome.failed() && firstFailure == null) {
                firstFailure = outcome.failure();
            }
        }
        int total = plan.partitionOf().length;
        if (firstFailure != null) {
            throw new StrataException(firstFailure.code(), firstFailure.getMessage() + " (" + appended + " of the request's "
                    + total + " records were appended before the failure)", firstFailure);
        }
        List<Offset> offsets = new ArrayList<>(total);
        Map<Integer, Integer> seen = new HashMap<>();
        for (int i = 0; i < total; i++) {
            int partition = plan.partitionOf()[i];
            int k = seen.merge(partition, 1, Integer::sum) - 1;
            PartitionOutcome outcome = byPartition.get(partition);
            offsets.add(new Offset(partition, outcome == null ? null : outcome.offsets()[k]));
        }
        return new ProduceAnswer(offsets);
    }
}
