package io.strata.kafka.logdir;

import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.api.KafkaRequest;
import io.strata.kafka.backend.LogDirs;
import io.strata.kafka.backend.LogDirs.ReplicaSize;
import io.strata.kafka.error.KafkaErrors;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsRequestData.DescribableLogDirTopic;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/**
 * DescribeLogDirs (v1–v4): this node's one log dir (its data directory) with the file system's
 * total and usable bytes, and each replica held here that the request asks for (null topics: all
 * of them) with its size and offset lag, as a Kafka broker answers for its own log dirs. A replica
 * asked for but not held here is left out, as Kafka does (kafka-reassign-partitions.sh reads that
 * as "not on this broker"). No replica is ever a future one: Strata has one log dir per node.
 *
 * <p>Topics and partitions are listed sorted by name and index, so an answer is stable. Failing to
 * read the directory is answered with no result and KAFKA_STORAGE_ERROR on the whole request
 * (v3+; older versions carry no such field and see no log dir). Stateless.
 */
public final class DescribeLogDirsHandler implements KafkaApiHandler {

    private final LogDirs logDirs;

    public DescribeLogDirsHandler(LogDirs logDirs) {
        this.logDirs = logDirs;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_LOG_DIRS;
    }

    @Override
    public short minVersion() {
        return ApiKeys.DESCRIBE_LOG_DIRS.oldestVersion();
    }

    @Override
    public short maxVersion() {
        return ApiKeys.DESCRIBE_LOG_DIRS.latestVersion();
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        DescribeLogDirsRequestData data = request.data();
        return logDirs.describe().handle((dir, failure) -> {
            DescribeLogDirsResponseData response = new DescribeLogDirsResponseData();
            if (failure != null) {
                response.setErrorCode(storageError(failure).code());
                return response;
            }
            DescribeLogDirsResult result = new DescribeLogDirsResult().setLogDir(dir.path())
                    .setTotalBytes(dir.totalBytes()).setUsableBytes(dir.usableBytes());
            result.setTopics(topics(dir.replicas(), data.topics()));
            response.results().add(result);
            return response;
        });
    }

    /** The replicas {@code asked} names (null: all), grouped by topic, sorted. */
    private static List<DescribeLogDirsTopic> topics(List<ReplicaSize> replicas,
                                                     DescribeLogDirsRequestData.DescribableLogDirTopicCollection asked) {
        Map<String, DescribeLogDirsTopic> byTopic = new TreeMap<>();
        replicas.stream()
                .filter(replica -> asked == null || isAsked(asked.find(replica.partition().topic()), replica.partition().partition()))
                .sorted(Comparator.comparing((ReplicaSize r) -> r.partition().topic()).thenComparingInt(r -> r.partition().partition()))
                .forEach(replica -> byTopic.computeIfAbsent(replica.partition().topic(), name -> new DescribeLogDirsTopic().setName(name))
                        .partitions().add(new DescribeLogDirsPartition().setPartitionIndex(replica.partition().partition())
                                .setPartitionSize(replica.sizeBytes()).setOffsetLag(replica.offsetLag()).setIsFutureKey(false)));
        return List.copyOf(byTopic.values());
    }

    /** The error of a failure to read the log dir: its own code, KAFKA_STORAGE_ERROR when it has none. */
    static Errors storageError(Throwable failure) {
        Errors error = KafkaErrors.of(failure);
        return error == Errors.UNKNOWN_SERVER_ERROR ? Errors.KAFKA_STORAGE_ERROR : error;
    }

    private static boolean isAsked(DescribableLogDirTopic topic, int partition) {
        return topic != null && topic.partitions().contains(partition);
    }
}
