-- SCRAM credentials of the Kafka listener's users, one row per user and mechanism. Only what a
-- server needs to check a login: salt, iterations, stored key and server key (RFC 5802). Never a
-- password or a salted password: neither can be recovered from these columns.
CREATE TABLE scram_credentials (
    user_name  varchar(256) NOT NULL,
    mechanism  varchar(16)  NOT NULL CHECK (mechanism IN ('SCRAM-SHA-256', 'SCRAM-SHA-512')),
    salt       bytea        NOT NULL,
    iterations integer      NOT NULL CHECK (iterations > 0),
    stored_key bytea        NOT NULL,
    server_key bytea        NOT NULL,
    updated_ms bigint       NOT NULL,
    PRIMARY KEY (user_name, mechanism)
);
