package io.strata.metadata.partition;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import io.strata.api.v1.PartitionDescription;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.List;
import java.util.UUID;

/** One partition's row; its state changes only through {@link PartitionState}'s transitions. */
@Entity
@Table(name = "partitions")
public class Partition extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "topic_id")
    public UUID topicId;

    @Column(name = "partition_index")
    public int partitionIndex;

    @Convert(converter = NodeIdsConverter.class)
    public List<Integer> replicas;

    public int leader;

    @Column(name = "leader_epoch")
    public int leaderEpoch;

    @Convert(converter = NodeIdsConverter.class)
    public List<Integer> isr;

    @Column(name = "partition_epoch")
    public int partitionEpoch;

    /** Replicas a running reassignment adds; empty when none runs. */
    @Column(name = "adding_replicas")
    @Convert(converter = NodeIdsConverter.class)
    public List<Integer> addingReplicas;

    /** Replicas a running reassignment removes once its target is in sync; empty when none runs. */
    @Column(name = "removing_replicas")
    @Convert(converter = NodeIdsConverter.class)
    public List<Integer> removingReplicas;

    public static Partition create(UUID topicId, int index, PartitionState state) {
        Partition partition = new Partition();
        partition.topicId = topicId;
        partition.partitionIndex = index;
        partition.apply(state);
        return partition;
    }

    /** The partitions of a topic, by index. */
    public static Uni<List<Partition>> ofTopic(UUID topicId) {
        return list("topicId = ?1 order by partitionIndex", topicId);
    }

    /** The partitions of several topics, by topic and index. */
    public static Uni<List<Partition>> ofTopics(List<UUID> topicIds) {
        return list("topicId in ?1 order by topicId, partitionIndex", topicIds);
    }

    /** The named partitions of one topic (indexes it does not have are left out), by index. */
    public static Uni<List<Partition>> ofTopicIndexes(UUID topicId, List<Integer> indexes) {
        return list("topicId = ?1 and partitionIndex in ?2 order by partitionIndex", topicId, indexes);
    }

    public static Uni<Partition> find(UUID topicId, int index) {
        return find("topicId = ?1 and partitionIndex = ?2", topicId, index).firstResult();
    }

    public PartitionState state() {
        return new PartitionState(replicas, leader, leaderEpoch, isr, partitionEpoch, addingReplicas, removingReplicas);
    }

    public void apply(PartitionState state) {
        replicas = state.replicas();
        leader = state.leader();
        leaderEpoch = state.leaderEpoch();
        isr = state.isr();
        partitionEpoch = state.partitionEpoch();
        addingReplicas = state.adding();
        removingReplicas = state.removing();
    }

    public PartitionDescription describe() {
        return PartitionDescription.newBuilder()
                .setPartition(partitionIndex)
                .addAllReplicas(replicas)
                .setLeader(leader)
                .setLeaderEpoch(leaderEpoch)
                .addAllIsr(isr)
                .setPartitionEpoch(partitionEpoch)
                .addAllAddingReplicas(addingReplicas)
                .addAllRemovingReplicas(removingReplicas)
                .build();
    }
}
