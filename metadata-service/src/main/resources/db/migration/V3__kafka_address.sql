-- Where each partition node serves the Kafka wire protocol (host:port, as clients reach it), so any
-- node can list every node as a broker in Kafka Metadata answers. Empty for a node without a Kafka
-- listener (or registered before it had one); the next registration fills it in.
ALTER TABLE nodes ADD COLUMN kafka_address varchar(255) NOT NULL DEFAULT '';
