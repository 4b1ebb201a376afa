package io.strata.gateway.group;

import io.strata.gateway.fetch.FetchedRecord;

import java.util.List;

/** Records a REST consumer read from one partition, in offset order. */
public record PartitionRecords(TopicPartition partition, List<FetchedRecord> records) {
}
