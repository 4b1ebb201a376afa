-- Client quotas of the Kafka listener, one row per entity and key (see io.strata.api.quota).
-- An entity part is NONE (not part of the entity), NAME (then *_name holds it) or DEFAULT
-- (Kafka's <default>); at least one part is present. Values are whole bytes per second.
CREATE TABLE client_quotas (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_kind    varchar(8)    NOT NULL CHECK (user_kind IN ('NONE', 'NAME', 'DEFAULT')),
    user_name    varchar(1024) NOT NULL,
    client_kind  varchar(8)    NOT NULL CHECK (client_kind IN ('NONE', 'NAME', 'DEFAULT')),
    client_id    varchar(1024) NOT NULL,
    quota_key    varchar(32)   NOT NULL CHECK (quota_key IN ('producer_byte_rate', 'consumer_byte_rate')),
    quota_value  bigint        NOT NULL CHECK (quota_value >= 1),
    updated_ms   bigint        NOT NULL,
    CHECK (user_kind <> 'NONE' OR client_kind <> 'NONE'),
    UNIQUE (user_kind, user_name, client_kind, client_id, quota_key)
);
