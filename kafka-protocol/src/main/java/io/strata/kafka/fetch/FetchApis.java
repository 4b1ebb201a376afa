package io.strata.kafka.fetch;

import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.backend.ControlPlane;
import io.strata.kafka.backend.LocalPartitions;
import io.vertx.core.Vertx;

import java.util.List;

/**
 * The read-path APIs this package serves, for {@code KafkaApis.of}: Fetch, ListOffsets and
 * OffsetForLeaderEpoch. {@code vertx} only provides the timers of fetches that wait for data.
 * Stable entry point.
 */
public final class FetchApis {

    private FetchApis() {
    }

    public static List<KafkaApiHandler> handlers(Vertx vertx, LocalPartitions partitions, ControlPlane controlPlane) {
        return List.of(new FetchHandler(vertx, partitions, controlPlane),
                new ListOffsetsHandler(partitions),
                new OffsetForLeaderEpochHandler(partitions));
    }
}
