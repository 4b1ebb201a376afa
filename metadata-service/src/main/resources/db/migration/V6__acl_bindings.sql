-- ACLs of the Kafka listener, one row per binding in Kafka's model (see io.strata.api.acl.AclBinding).
-- Enumerations are kept as Kafka's names; the service checks every binding before it writes one.
CREATE TABLE acl_bindings (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    principal     varchar(1024) NOT NULL,
    host          varchar(1024) NOT NULL,
    resource_type varchar(32)   NOT NULL CHECK (resource_type IN ('TOPIC', 'GROUP', 'CLUSTER', 'TRANSACTIONAL_ID')),
    resource_name varchar(1024) NOT NULL,
    pattern_type  varchar(16)   NOT NULL CHECK (pattern_type IN ('LITERAL', 'PREFIXED')),
    operation     varchar(32)   NOT NULL,
    permission    varchar(8)    NOT NULL CHECK (permission IN ('ALLOW', 'DENY')),
    created_ms    bigint        NOT NULL,
    UNIQUE (principal, host, resource_type, resource_name, pattern_type, operation, permission)
);
