package io.strata.coordinator.instance;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.strata.api.error.StrataException;
import io.strata.api.v1.ConsumerInstance;
import io.strata.api.v1.ConsumerPosition;
import io.strata.api.v1.CreateConsumerInstanceRequest;
import io.strata.api.v1.CreateConsumerInstanceResponse;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.UpdateConsumerInstanceRequest;
import io.strata.coordinator.assignment.TopicPartition;
import io.strata.coordinator.config.CoordinatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * REST consumer instances in PostgreSQL. Every change runs in one transaction on the row, locked
 * for update, so two gateways changing one instance at once are serialized (and with
 * {@code expected_version} a gateway can tell that another changed it in between). Reactive: call
 * on a Vert.x context.
 */
@ApplicationScoped
public class ConsumerInstanceStore {

    private final CoordinatorConfig config;
    private final Clock clock;

    public ConsumerInstanceStore(CoordinatorConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Creates the instance, or answers the existing one of that name unchanged. */
    @WithTransaction
    public Uni<CreateConsumerInstanceResponse> create(CreateConsumerInstanceRequest request) {
        return RestConsumerInstance.byName(request.getGroupId(), request.getName()).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(CreateConsumerInstanceResponse.newBuilder()
                        .setInstance(existing.describe()).setCreated(false).build());
            }
            long now = clock.millis();
            RestConsumerInstance instance = new RestConsumerInstance();
            instance.groupId = request.getGroupId();
            instance.name = request.getName();
            instance.format = request.getFormat();
            instance.configs = new TreeMap<>(request.getConfigsMap());
            instance.createdMs = now;
            instance.lastSeenMs = now;
            instance.idleTimeoutMs = request.getIdleTimeoutMs() > 0 ? request.getIdleTimeoutMs()
                    : config.consumerInstanceIdleTimeout().toMillis();
            instance.version = 1;
            return instance.<RestConsumerInstance>persist().map(stored -> CreateConsumerInstanceResponse.newBuilder()
                    .setInstance(stored.describe()).setCreated(true).build());
        });
    }

    /** The instance (moving its last-seen time when {@code touch}); UNKNOWN_CONSUMER_INSTANCE when there is none. */
    @WithTransaction
    public Uni<ConsumerInstance> get(String groupId, String name, boolean touch) {
        return existing(groupId, name, touch).map(instance -> {
            if (touch) {
                instance.lastSeenMs = clock.millis();
            }
            return instance.describe();
        });
    }

    /** Applies the fields present in the request; bumps the version and the last-seen time. */
    @WithTransaction
    public Uni<ConsumerInstance> update(UpdateConsumerInstanceRequest request) {
        return existing(request.getGroupId(), request.getName(), true).map(instance -> {
            if (request.getExpectedVersion() != 0 && request.getExpectedVersion() != instance.version) {
                throw new StrataException(ErrorCode.INVALID_REQUEST, "expected_version: " + request.getExpectedVersion()
                        + " is not the stored version " + instance.version + " of consumer instance '" + request.getName()
                        + "' in group '" + request.getGroupId() + "' (another update came first)");
            }
            apply(instance, request);
            instance.version++;
            instance.lastSeenMs = clock.millis();
            return instance.describe();
        });
    }

    /** Deletes the instance; answers it as it was (its member id tells which member to remove). */
    @WithTransaction
    public Uni<ConsumerInstance> delete(String groupId, String name) {
        return existing(groupId, name, true).chain(instance -> {
            ConsumerInstance described = instance.describe();
            return instance.delete().replaceWith(described);
        });
    }

    @WithSession
    public Uni<List<ConsumerInstance>> list(String groupId) {
        return RestConsumerInstance.listed(groupId)
                .map(instances -> instances.stream().map(RestConsumerInstance::describe).toList());
    }

    /** Deletes every instance idle past its timeout; answers them as they were. */
    @WithTransaction
    public Uni<List<ConsumerInstance>> deleteIdle() {
        return RestConsumerInstance.idle(clock.millis()).chain(idle -> {
            List<ConsumerInstance> described = idle.stream().map(RestConsumerInstance::describe).toList();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (RestConsumerInstance instance : idle) {
                chain = chain.chain(instance::delete);
            }
            return chain.replaceWith(described);
        });
    }

    /** Deletes every instance of a group; answers them as they were. */
    @WithTransaction
    public Uni<List<ConsumerInstance>> deleteGroup(String groupId) {
        return RestConsumerInstance.listed(groupId).chain(instances -> {
            List<ConsumerInstance> described = instances.stream().map(RestConsumerInstance::describe).toList();
            return RestConsumerInstance.delete("groupId", groupId).replaceWith(described);
        });
    }

    private Uni<RestConsumerInstance> existing(String groupId, String name, boolean lock) {
        RestConsumerInstance.Key key = new RestConsumerInstance.Key();
        key.groupId = groupId;
        key.name = name;
        Uni<RestConsumerInstance> found = lock
                ? RestConsumerInstance.findById(key, LockModeType.PESSIMISTIC_WRITE)
                : RestConsumerInstance.findById(key);
        return found.map(instance -> {
            if (instance == null) {
                throw new StrataException(ErrorCode.UNKNOWN_CONSUMER_INSTANCE, "consumer instance '" + name
                        + "' does not exist in group '" + groupId + "' (deleted, or expired after being idle)");
            }
            return instance;
        });
    }

    private static void apply(RestConsumerInstance instance, UpdateConsumerInstanceRequest request) {
        if (request.hasMemberId()) {
            instance.memberId = request.getMemberId();
        }
        if (request.hasMemberEpoch()) {
            instance.memberEpoch = request.getMemberEpoch();
        }
        if (request.getClearSubscription()) {
            instance.setSubscription(null);
        }
        if (request.hasSubscription()) {
            instance.setSubscription(request.getSubscription());
        }
        if (request.getReplacePositions() || request.getPositionsCount() > 0) {
            Map<TopicPartition, Long> positions = request.getReplacePositions() ? new TreeMap<>() : new TreeMap<>(instance.positions);
            for (ConsumerPosition position : request.getPositionsList()) {
                positions.put(new TopicPartition(position.getTopic(), position.getPartition()), position.getOffset());
            }
            instance.positions = positions; // a new map: Hibernate compares by value, not in place
        }
    }
}
