package io.strata.coordinator.instance;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import io.strata.api.v1.ConsumerInstance;
import io.strata.api.v1.ConsumerPosition;
import io.strata.api.v1.GroupSubscription;
import io.strata.coordinator.assignment.TopicPartition;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A row of {@code group_consumer_instances}: a REST consumer instance's state, kept here so that
 * any gateway can serve it and it outlives gateway and coordinator restarts. It is deleted when
 * not touched for {@code idleTimeoutMs}.
 */
@Entity
@Table(name = "group_consumer_instances")
@IdClass(RestConsumerInstance.Key.class)
public class RestConsumerInstance extends PanacheEntityBase {

    @Id
    @Column(name = "group_id")
    public String groupId;

    @Id
    public String name;

    public String format;

    @Convert(converter = ConsumerConfigsConverter.class)
    public Map<String, String> configs = new TreeMap<>();

    /** Empty before the instance joins its group. */
    @Column(name = "member_id")
    public String memberId = "";

    @Column(name = "member_epoch")
    public int memberEpoch;

    /** Topic names, one a line; null without a subscription or with a regex one. */
    @Column(name = "subscription_topics")
    public String subscriptionTopics;

    /** Null without a subscription or with a topic list. */
    @Column(name = "subscription_regex")
    public String subscriptionRegex;

    @Convert(converter = ConsumerPositionsConverter.class)
    public Map<TopicPartition, Long> positions = new TreeMap<>();

    @Column(name = "created_ms")
    public long createdMs;

    @Column(name = "last_seen_ms")
    public long lastSeenMs;

    @Column(name = "idle_timeout_ms")
    public long idleTimeoutMs;

    public long version;

    /** Instances of one group (or all when {@code groupId} is empty), by group and name. */
    public static Uni<List<RestConsumerInstance>> listed(String groupId) {
        return groupId.isEmpty() ? list("order by groupId, name") : list("groupId = ?1 order by name", groupId);
    }

    /** Instances not touched for their idle timeout as of {@code nowMs}. */
    public static Uni<List<RestConsumerInstance>> idle(long nowMs) {
        return list("lastSeenMs + idleTimeoutMs <= ?1 order by groupId, name", nowMs);
    }

    public static Uni<RestConsumerInstance> byName(String groupId, String name) {
        Key key = new Key();
        key.groupId = groupId;
        key.name = name;
        return findById(key);
    }

    public void setSubscription(GroupSubscription subscription) {
        if (subscription == null) {
            subscriptionTopics = null;
            subscriptionRegex = null;
        } else if (subscription.getTopicRegex().isEmpty()) {
            subscriptionTopics = String.join("\n", subscription.getTopicNamesList());
            subscriptionRegex = null;
        } else {
            subscriptionTopics = null;
            subscriptionRegex = subscription.getTopicRegex();
        }
    }

    public ConsumerInstance describe() {
        ConsumerInstance.Builder instance = ConsumerInstance.newBuilder()
                .setGroupId(groupId).setName(name).setFormat(format).putAllConfigs(configs)
                .setMemberId(memberId).setMemberEpoch(memberEpoch)
                .setCreatedMs(createdMs).setLastSeenMs(lastSeenMs).setIdleTimeoutMs(idleTimeoutMs).setVersion(version);
        if (subscriptionRegex != null) {
            instance.setSubscription(GroupSubscription.newBuilder().setTopicRegex(subscriptionRegex));
        } else if (subscriptionTopics != null) {
            instance.setSubscription(GroupSubscription.newBuilder().addAllTopicNames(
                    Arrays.stream(subscriptionTopics.split("\n")).filter(topic -> !topic.isEmpty()).toList()));
        }
        new TreeMap<>(positions).forEach((partition, offset) -> instance.addPositions(ConsumerPosition.newBuilder()
                .setTopic(partition.topic()).setPartition(partition.partition()).setOffset(offset)));
        return instance.build();
    }

    /** The composite primary key. */
    public static class Key implements Serializable {
        public String groupId;
        public String name;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(groupId, key.groupId) && Objects.equals(name, key.name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(groupId, name);
        }
    }
}
