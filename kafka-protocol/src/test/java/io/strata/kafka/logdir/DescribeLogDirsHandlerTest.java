package io.strata.kafka.logdir;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.kafka.backend.LogDirs;
import io.strata.kafka.testing.Requests;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsRequestData.DescribableLogDirTopic;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeLogDirsRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class DescribeLogDirsHandlerTest {

    private static final LogDirs.LogDir DIR = new LogDirs.LogDir("/data/node-1", 1_000_000, 400_000, List.of(
            new LogDirs.ReplicaSize(new TopicPartition("orders", 1), 2048, 0),
            new LogDirs.ReplicaSize(new TopicPartition("orders", 0), 1024, 7),
            new LogDirs.ReplicaSize(new TopicPartition("audit", 0), 0, 0)));

    private final DescribeLogDirsHandler handler = new DescribeLogDirsHandler(() -> CompletableFuture.completedFuture(DIR));

    @Test
    void nullTopicsDescribeEveryReplicaHeldHereWithSizeAndLagAtEveryVersion() throws Exception {
        for (short version = ApiKeys.DESCRIBE_LOG_DIRS.oldestVersion(); version <= ApiKeys.DESCRIBE_LOG_DIRS.latestVersion(); version++) {
            DescribeLogDirsResponseData response = Requests.call(handler,
                    new DescribeLogDirsRequest.Builder(new DescribeLogDirsRequestData().setTopics(null)).build(version));

            assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(response.results()).hasSize(1);
            DescribeLogDirsResult dir = response.results().get(0);
            assertThat(dir.logDir()).isEqualTo("/data/node-1");
            assertThat(dir.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(dir.totalBytes()).isEqualTo(1_000_000);
            assertThat(dir.usableBytes()).isEqualTo(400_000);
            assertThat(dir.topics()).extracting(DescribeLogDirsTopic::name).containsExactly("audit", "orders");
            assertThat(dir.topics().get(1).partitions())
                    .extracting(DescribeLogDirsPartition::partitionIndex, DescribeLogDirsPartition::partitionSize,
                            DescribeLogDirsPartition::offsetLag, DescribeLogDirsPartition::isFutureKey)
                    .containsExactly(tuple(0, 1024L, 7L, false), tuple(1, 2048L, 0L, false));
        }
    }

    @Test
    void onlyTheAskedReplicasHeldHereAreListedAndOthersAreLeftOut() throws Exception {
        DescribeLogDirsRequestData.DescribableLogDirTopicCollection topics = new DescribeLogDirsRequestData.DescribableLogDirTopicCollection();
        topics.add(new DescribableLogDirTopic().setTopic("orders").setPartitions(List.of(1, 5)));
        topics.add(new DescribableLogDirTopic().setTopic("elsewhere").setPartitions(List.of(0)));

        DescribeLogDirsResponseData response = Requests.call(handler,
                new DescribeLogDirsRequest.Builder(new DescribeLogDirsRequestData().setTopics(topics)).build());

        List<DescribeLogDirsTopic> listed = response.results().get(0).topics();
        assertThat(listed).extracting(DescribeLogDirsTopic::name).containsExactly("orders");
        assertThat(listed.get(0).partitions()).extracting(DescribeLogDirsPartition::partitionIndex).containsExactly(1);
    }

    @Test
    void aDirectoryThatCannotBeReadIsAStorageErrorOnTheRequest() throws Exception {
        DescribeLogDirsHandler failing = new DescribeLogDirsHandler(() -> CompletableFuture.failedFuture(
                new StrataException(ErrorCode.STORAGE_ERROR, "cannot read the file system of /data")));

        DescribeLogDirsResponseData response = Requests.call(failing,
                new DescribeLogDirsRequest.Builder(new DescribeLogDirsRequestData().setTopics(null)).build());

        assertThat(response.errorCode()).isEqualTo(Errors.KAFKA_STORAGE_ERROR.code());
        assertThat(response.results()).isEmpty();
    }
}
