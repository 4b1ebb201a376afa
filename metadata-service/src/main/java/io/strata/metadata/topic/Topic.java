package io.strata.metadata.topic;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import io.strata.api.v1.TopicDescription;
import io.strata.metadata.partition.Partition;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A topic's row: name, id, shape and config overrides. Its partitions are {@code Partition} rows. */
@Entity
@Table(name = "topics")
public class Topic extends PanacheEntityBase {

    @Id
    @Column(name = "topic_id")
    public UUID topicId;

    public String name;

    @Column(name = "partition_count")
    public int partitionCount;

    @Column(name = "replication_factor")
    public int replicationFactor;

    /** Overrides only; absent keys take the cluster default. */
    @Convert(converter = ConfigOverridesConverter.class)
    public Map<String, String> configs;

    public static Uni<Topic> byName(String name) {
        return find("name", name).firstResult();
    }

    public static Uni<List<Topic>> byNames(List<String> names) {
        return list("name in ?1 order by name", names);
    }

    public static Uni<List<Topic>> all() {
        return list("order by name");
    }

    /** The topic with these partitions (its own, ordered by index). */
    public TopicDescription describe(List<Partition> partitions) {
        TopicDescription.Builder description = TopicDescription.newBuilder()
                .setName(name)
                .setTopicId(topicId.toString())
                .setReplicationFactor(replicationFactor)
                .putAllConfigs(configs);
        partitions.forEach(partition -> description.addPartitions(partition.describe()));
        return description.build();
    }
}
