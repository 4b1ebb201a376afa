package io.strata.kafka.logdir;

import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.backend.LogDirs;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.AlterReplicaLogDirsRequestData;
import org.apache.kafka.common.message.AlterReplicaLogDirsRequestData.AlterReplicaLogDir;
import org.apache.kafka.common.message.AlterReplicaLogDirsRequestData.AlterReplicaLogDirTopic;
import org.apache.kafka.common.message.AlterReplicaLogDirsResponseData;
import org.apache.kafka.common.message.AlterReplicaLogDirsResponseData.AlterReplicaLogDirPartitionResult;
import org.apache.kafka.common.message.AlterReplicaLogDirsResponseData.AlterReplicaLogDirTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * AlterReplicaLogDirs (v1–v2) on a node with one log dir: a replica asked into that dir is already
 * there (NONE, nothing moves), so {@code kafka-reassign-partitions.sh --execute} with a file naming
 * real log dirs (the rollback file it prints) completes; a replica not held here yet is
 * REPLICA_NOT_AVAILABLE, which the tool retries until the reassignment has created it (as against
 * Kafka); any other path is LOG_DIR_NOT_FOUND. It never moves data. Stateless.
 */
public final class AlterReplicaLogDirsHandler implements KafkaApiHandler {

    private final LogDirs logDirs;

    public AlterReplicaLogDirsHandler(LogDirs logDirs) {
        this.logDirs = logDirs;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_REPLICA_LOG_DIRS;
    }

    @Override
    public short minVersion() {
        return ApiKeys.ALTER_REPLICA_LOG_DIRS.oldestVersion();
    }

    @Override
    public short maxVersion() {
        return ApiKeys.ALTER_REPLICA_LOG_DIRS.latestVersion();
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        AlterReplicaLogDirsRequestData data = request.data();
        return logDirs.describe().handle((dir, failure) -> {
            Set<TopicPartition> held = failure != null ? Set.of()
                    : dir.replicas().stream().map(LogDirs.ReplicaSize::partition).collect(Collectors.toSet());
            AlterReplicaLogDirsResponseData response = new AlterReplicaLogDirsResponseData();
            for (AlterReplicaLogDir asked : data.dirs()) {
                for (AlterReplicaLogDirTopic topic : asked.topics()) {
                    AlterReplicaLogDirTopicResult result = new AlterReplicaLogDirTopicResult().setTopicName(topic.name());
                    for (int partition : topic.partitions()) {
                        Errors error = failure != null ? DescribeLogDirsHandler.storageError(failure)
                                : !asked.path().equals(dir.path()) ? Errors.LOG_DIR_NOT_FOUND
                                : held.contains(new TopicPartition(topic.name(), partition)) ? Errors.NONE
                                : Errors.REPLICA_NOT_AVAILABLE;
                        result.partitions().add(new AlterReplicaLogDirPartitionResult().setPartitionIndex(partition)
                                .setErrorCode(error.code()));
                    }
                    response.results().add(result);
                }
            }
            return response;
        });
    }
}
