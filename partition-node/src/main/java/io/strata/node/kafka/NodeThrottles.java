package io.strata.node.kafka;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.kafka.backend.BrokerThrottles;
import io.strata.node.replication.ReassignmentThrottle;
import io.strata.node.replication.ThrottleConfigs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * This node's {@link ThrottleConfigs} as the Kafka listener's per-broker dynamic configs. A
 * change is written to disk (fsynced) on {@code disk}, the worker pool, never on the caller's
 * event loop; the rate is in force when its stage completes. Thread-safe: holds no state of its own.
 */
final class NodeThrottles implements BrokerThrottles {

    private final ThrottleConfigs configs;
    private final Executor disk;

    NodeThrottles(ThrottleConfigs configs, Executor disk) {
        this.configs = configs;
        this.disk = disk;
    }

    @Override
    public List<Throttle> describe() {
        SortedMap<String, String> dynamic = configs.dynamic();
        List<Throttle> throttles = new ArrayList<>();
        for (String name : ThrottleConfigs.NAMES) {
            if (dynamic.containsKey(name)) {
                throttles.add(new Throttle(name, dynamic.get(name), Source.DYNAMIC));
            } else if (name.equals(ThrottleConfigs.FOLLOWER_RATE) && configs.startRate() != ReassignmentThrottle.UNLIMITED) {
                throttles.add(new Throttle(name, Long.toString(configs.startRate()), Source.STATIC));
            } else {
                throttles.add(new Throttle(name, Long.toString(ReassignmentThrottle.UNLIMITED), Source.DEFAULT));
            }
        }
        return throttles;
    }

    @Override
    public CompletionStage<Void> alter(Map<String, String> set, Set<String> delete, boolean validateOnly) {
        return CompletableFuture.runAsync(() -> {
            try {
                configs.alter(set, delete, validateOnly);
            } catch (IOException e) {
                throw new StrataException(ErrorCode.STORAGE_ERROR, "cannot keep the throttle configs in "
                        + ThrottleConfigs.FILE + ": " + e.getMessage());
            }
        }, disk);
    }
}
