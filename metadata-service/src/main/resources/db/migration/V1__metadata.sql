-- The metadata service's schema. One row of cluster_state holds the metadata version; every
-- change locks that row (SELECT ... FOR UPDATE), increments the version and appends one
-- change_log row in the same transaction, so versions are committed in order and without gaps.

CREATE TABLE cluster_state (
    id                 smallint PRIMARY KEY CHECK (id = 1),
    metadata_version   bigint   NOT NULL,
    controller_epoch   bigint   NOT NULL,
    controller_node_id integer  NOT NULL,
    next_producer_id   bigint   NOT NULL
);
INSERT INTO cluster_state (id, metadata_version, controller_epoch, controller_node_id, next_producer_id)
VALUES (1, 0, 0, -1, 0);

CREATE TABLE nodes (
    node_id           integer      PRIMARY KEY,
    address           varchar(255) NOT NULL,
    rack              varchar(255) NOT NULL,
    state             varchar(8)   NOT NULL,
    node_epoch        bigint       NOT NULL,
    last_heartbeat_ms bigint       NOT NULL
);

CREATE TABLE topics (
    topic_id           uuid         PRIMARY KEY,
    name               varchar(249) NOT NULL UNIQUE,
    partition_count    integer      NOT NULL,
    replication_factor integer      NOT NULL,
    -- Config overrides as sorted "key=value" lines (keys and values are validated, no newlines).
    configs            text         NOT NULL
);

CREATE TABLE partitions (
    id              bigserial PRIMARY KEY,
    topic_id        uuid      NOT NULL REFERENCES topics (topic_id) ON DELETE CASCADE,
    partition_index integer   NOT NULL,
    -- Node ids, comma-separated; replicas' first entry is the preferred leader.
    replicas        text      NOT NULL,
    leader          integer   NOT NULL,
    leader_epoch    integer   NOT NULL,
    isr             text      NOT NULL,
    partition_epoch integer   NOT NULL,
    UNIQUE (topic_id, partition_index)
);

-- Every change as the strata.v1.MetadataChange protobuf the watch stream sends.
CREATE TABLE change_log (
    version      bigint PRIMARY KEY,
    committed_ms bigint NOT NULL,
    change       bytea  NOT NULL
);
