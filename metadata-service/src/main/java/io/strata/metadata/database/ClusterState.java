package io.strata.metadata.database;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.strata.metadata.topic.ConfigOverridesConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.Map;

/**
 * The single row of cluster-wide counters: the metadata version, the controller claim and the next
 * producer id, and the cluster id (made once by the V2 migration, never written by the service). Every write transaction locks this row first (see {@link MetadataLog#lock()}), which
 * serializes all metadata changes: versions commit in order, and compare-and-set checks made after
 * the lock cannot race.
 */
@Entity
@Table(name = "cluster_state")
public class ClusterState extends PanacheEntityBase {

    static final short ID = 1;

    @Id
    public short id;

    /** The version of the last committed change; 0 before the first. */
    @Column(name = "metadata_version")
    public long metadataVersion;

    /** The highest controller epoch claimed; 0 before any claim. */
    @Column(name = "controller_epoch")
    public long controllerEpoch;

    /** The node that claimed {@link #controllerEpoch}; −1 before any claim. */
    @Column(name = "controller_node_id")
    public int controllerNodeId;

    /** The first producer id not handed out yet. */
    @Column(name = "next_producer_id")
    public long nextProducerId;

    /** This cluster's id: 22 characters of base64url, made with the database and never changed. */
    @Column(name = "cluster_id", updatable = false)
    public String clusterId;

    /**
     * The cluster-wide defaults of topic configs set at run time (AlterClusterConfigs, V7): only the
     * keys set, validated and canonical, as {@code topics.configs} stores overrides.
     */
    @Column(name = "topic_config_defaults")
    @Convert(converter = ConfigOverridesConverter.class)
    public Map<String, String> topicConfigDefaults;
}
