-- The cluster id: made once, when the metadata database is created (or upgraded to this
-- version), and never changed. 16 random bytes (a v4 UUID) in unpadded base64url, as Kafka's
-- cluster ids are written. Nodes store it in their data directory on first registration and
-- refuse to serve another cluster's metadata (see the metadata-service README, "Cluster id").
ALTER TABLE cluster_state ADD COLUMN cluster_id varchar(22);
UPDATE cluster_state
SET cluster_id = translate(rtrim(encode(decode(replace(gen_random_uuid()::text, '-', ''), 'hex'), 'base64'), '='),
                           '+/', '-_');
ALTER TABLE cluster_state ALTER COLUMN cluster_id SET NOT NULL;
