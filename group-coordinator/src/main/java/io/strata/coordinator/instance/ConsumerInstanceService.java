package io.strata.coordinator.instance;

import io.smallrye.mutiny.Uni;
import io.strata.api.error.StrataException;
import io.strata.api.v1.ConsumerInstance;
import io.strata.api.v1.ConsumerPosition;
import io.strata.api.v1.CreateConsumerInstanceRequest;
import io.strata.api.v1.CreateConsumerInstanceResponse;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.GroupSubscription;
import io.strata.api.v1.UpdateConsumerInstanceRequest;
import io.strata.coordinator.group.GroupCoordinator;
import io.strata.coordinator.group.GroupId;
import io.strata.coordinator.group.Subscription;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * REST consumer instances: checks requests, stores through {@link ConsumerInstanceStore}, and
 * takes a deleted instance's member out of its group at once (its partitions move on without
 * waiting for the session timeout).
 */
@ApplicationScoped
public class ConsumerInstanceService {

    static final int MAX_NAME_LENGTH = 255;
    static final int MAX_FORMAT_LENGTH = 64;

    private final ConsumerInstanceStore store;
    private final GroupCoordinator groups;

    public ConsumerInstanceService(ConsumerInstanceStore store, GroupCoordinator groups) {
        this.store = store;
        this.groups = groups;
    }

    public Uni<CreateConsumerInstanceResponse> create(CreateConsumerInstanceRequest request) {
        checkKey(request.getGroupId(), request.getName());
        if (request.getFormat().length() > MAX_FORMAT_LENGTH) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "format: '" + request.getFormat() + "' is longer than "
                    + MAX_FORMAT_LENGTH + " characters");
        }
        if (request.getIdleTimeoutMs() < 0) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "idle_timeout_ms: " + request.getIdleTimeoutMs() + " is negative");
        }
        return store.create(request);
    }

    public Uni<ConsumerInstance> get(String groupId, String name, boolean touch) {
        checkKey(groupId, name);
        return store.get(groupId, name, touch);
    }

    public Uni<ConsumerInstance> update(UpdateConsumerInstanceRequest request) {
        checkKey(request.getGroupId(), request.getName());
        if (request.hasSubscription()) {
            GroupSubscription subscription = request.getSubscription();
            Subscription.of(subscription.getTopicNamesList(), subscription.getTopicRegex());
        }
        for (ConsumerPosition position : request.getPositionsList()) {
            if (position.getTopic().isEmpty() || position.getPartition() < 0 || position.getOffset() < 0) {
                throw new StrataException(ErrorCode.INVALID_REQUEST, "positions: " + position.getTopic() + "-"
                        + position.getPartition() + " at " + position.getOffset()
                        + " needs a topic, a partition ≥ 0 and an offset ≥ 0");
            }
        }
        return store.update(request);
    }

    /** Deletes the instance and removes its member from the group. */
    public Uni<ConsumerInstance> delete(String groupId, String name) {
        checkKey(groupId, name);
        return store.delete(groupId, name).invoke(instance -> {
            if (!instance.getMemberId().isEmpty()) {
                groups.remove(groupId, instance.getMemberId());
            }
        });
    }

    public Uni<List<ConsumerInstance>> list(String groupId) {
        if (!groupId.isEmpty()) {
            GroupId.check(groupId);
        }
        return store.list(groupId);
    }

    private static void checkKey(String groupId, String name) {
        GroupId.check(groupId);
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new StrataException(ErrorCode.INVALID_REQUEST, "name: '" + name + "' must be 1 to "
                    + MAX_NAME_LENGTH + " characters and not blank");
        }
    }
}
