package io.strata.kafka.backend;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * This node's replication throttles as Kafka's dynamic per-broker configs
 * ({@code follower.replication.throttled.rate}, {@code leader.replication.throttled.rate},
 * {@code replica.alter.log.dirs.io.max.bytes.per.second}), which {@code kafka-reassign-partitions.sh}
 * sets with {@code --throttle} and clears with {@code --verify}. The node checks names and values
 * (INVALID_CONFIG naming them) and keeps them across restarts; {@link #alter}'s stage completes once
 * the change is in force. No stage blocks its caller.
 */
public interface BrokerThrottles {

    /** A node without dynamic throttles: describes none and refuses every change, naming why. */
    BrokerThrottles NONE = new BrokerThrottles() {
        @Override
        public List<Throttle> describe() {
            return List.of();
        }

        @Override
        public CompletionStage<Void> alter(Map<String, String> set, Set<String> delete, boolean validateOnly) {
            return CompletableFuture.failedFuture(new StrataException(ErrorCode.INVALID_CONFIG,
                    "this listener has no dynamic broker configs"));
        }
    };

    /** Every throttle config of this node with its value in force and where it comes from. */
    List<Throttle> describe();

    /** Sets and deletes dynamic values (with {@code validateOnly}, only checks them). */
    CompletionStage<Void> alter(Map<String, String> set, Set<String> delete, boolean validateOnly);

    /** Where a value in force comes from: set at run time, the node's configuration, or the built-in default. */
    enum Source { DYNAMIC, STATIC, DEFAULT }

    record Throttle(String name, String value, Source source) {
    }
}
