-- The group coordinator's tables. They may share a database (and schema) with the metadata
-- service: every name here starts with group_, and the Flyway history is
-- flyway_group_coordinator_history.

-- One committed offset per (group, topic, partition): the offset of the next record to consume.
CREATE TABLE group_offsets (
    group_id            varchar(255) NOT NULL,
    topic               varchar(255) NOT NULL,
    partition_index     integer      NOT NULL CHECK (partition_index >= 0),
    committed_offset    bigint       NOT NULL CHECK (committed_offset >= 0),
    metadata            text         NOT NULL,
    commit_timestamp_ms bigint       NOT NULL,
    PRIMARY KEY (group_id, topic, partition_index)
);

-- REST consumer instances (Kafka REST Proxy v2 shape), kept here so that any gateway can serve
-- them. configs: sorted "key=value" lines, both percent-encoded; subscription_topics: topic names,
-- one a line (NULL: no subscription, or a regex one); positions: "topic partition offset" lines,
-- the topic percent-encoded.
CREATE TABLE group_consumer_instances (
    group_id             varchar(255) NOT NULL,
    name                 varchar(255) NOT NULL,
    format               varchar(64)  NOT NULL,
    configs              text         NOT NULL,
    member_id            varchar(255) NOT NULL,
    member_epoch         integer      NOT NULL,
    subscription_topics  text,
    subscription_regex   text,
    positions            text         NOT NULL,
    created_ms           bigint       NOT NULL,
    last_seen_ms         bigint       NOT NULL,
    idle_timeout_ms      bigint       NOT NULL CHECK (idle_timeout_ms > 0),
    version              bigint       NOT NULL,
    PRIMARY KEY (group_id, name)
);

