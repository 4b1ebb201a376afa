-- The incarnation id of the node that holds each node id (from its data directory): while its
-- lease is current, a registration under the same node id with another incarnation is refused.
-- Empty for nodes registered before incarnations existed: the next registration fills it in.
ALTER TABLE nodes ADD COLUMN incarnation_id varchar(64) NOT NULL DEFAULT '';
