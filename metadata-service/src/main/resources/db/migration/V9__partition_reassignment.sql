-- A running partition reassignment (KIP-455), kept on the partition's row so that it changes in the
-- same transaction as the replicas and ISR it governs and survives a restart of any service:
-- node ids, comma-separated as replicas and isr are; '' when no reassignment runs. While one runs,
-- replicas = the replicas before ∪ the target, and the target = replicas − removing_replicas.
ALTER TABLE partitions ADD COLUMN adding_replicas   text NOT NULL DEFAULT '';
ALTER TABLE partitions ADD COLUMN removing_replicas text NOT NULL DEFAULT '';
