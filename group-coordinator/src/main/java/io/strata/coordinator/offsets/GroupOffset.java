package io.strata.coordinator.offsets;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import io.strata.coordinator.assignment.TopicPartition;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** A row of {@code group_offsets}: one committed offset per (group, topic, partition). */
@Entity
@Table(name = "group_offsets")
@IdClass(GroupOffset.Key.class)
public class GroupOffset extends PanacheEntityBase {

    @Id
    @Column(name = "group_id")
    public String groupId;

    @Id
    public String topic;

    @Id
    @Column(name = "partition_index")
    public int partition;

    @Column(name = "committed_offset")
    public long offset;

    /** Empty when none was given. */
    public String metadata;

    @Column(name = "commit_timestamp_ms")
    public long commitTimestampMs;

    /** Every committed offset of a group, by topic and partition. */
    public static Uni<List<GroupOffset>> ofGroup(String groupId) {
        return list("groupId = ?1 order by topic, partition", groupId);
    }

    /** The committed offsets of these groups, in one query. */
    public static Uni<List<GroupOffset>> ofGroups(Collection<String> groupIds) {
        return list("groupId in ?1 order by groupId, topic, partition", groupIds);
    }

    /** Every group id that has a committed offset. */
    public static Uni<List<String>> groupIds() {
        return find("select distinct o.groupId from GroupOffset o order by o.groupId").project(String.class).list();
    }

    public CommittedOffset committed() {
        return new CommittedOffset(new TopicPartition(topic, partition), offset, metadata, commitTimestampMs);
    }

    /** The composite primary key. */
    public static class Key implements Serializable {
        public String groupId;
        public String topic;
        public int partition;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && partition == key.partition && Objects.equals(groupId, key.groupId)
                    && Objects.equals(topic, key.topic);
        }

        @Override
        public int hashCode() {
            return Objects.hash(groupId, topic, partition);
        }
    }
}
