-- Cluster-wide defaults of topic configs set at run time (AlterClusterConfigs), in the same form
-- as topics.configs: sorted "key=value" lines of validated keys and canonical values. Kept on the
-- cluster_state row that every change locks, so a default change and its change-log entry commit
-- together and in version order.
ALTER TABLE cluster_state ADD COLUMN topic_config_defaults text NOT NULL DEFAULT '';
