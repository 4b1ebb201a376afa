package io.strata.kafka.logdir;

import io.strata.kafka.backend.LogDirs;
import io.strata.kafka.testing.Requests;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.AlterReplicaLogDirsRequestData;
import org.apache.kafka.common.message.AlterReplicaLogDirsRequestData.AlterReplicaLogDir;
import org.apache.kafka.common.message.AlterReplicaLogDirsRequestData.AlterReplicaLogDirTopic;
import org.apache.kafka.common.message.AlterReplicaLogDirsResponseData;
import org.apache.kafka.common.message.AlterReplicaLogDirsResponseData.AlterReplicaLogDirPartitionResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AlterReplicaLogDirsRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class AlterReplicaLogDirsHandlerTest {

    private static final LogDirs.LogDir DIR = new LogDirs.LogDir("/data/node-1", 1_000, 500, List.of(
            new LogDirs.ReplicaSize(new TopicPartition("orders", 0), 10, 0)));

    private final AlterReplicaLogDirsHandler handler = new AlterReplicaLogDirsHandler(() -> CompletableFuture.completedFuture(DIR));

    @Test
    void aReplicaHeldInTheOneLogDirIsAlreadyThereOneNotHeldIsNotAvailableYetAnotherPathIsNotFound() throws Exception {
        AlterReplicaLogDirsRequestData.AlterReplicaLogDirCollection dirs = new AlterReplicaLogDirsRequestData.AlterReplicaLogDirCollection();
        AlterReplicaLogDir ours = new AlterReplicaLogDir().setPath("/data/node-1");
        ours.topics().add(new AlterReplicaLogDirTopic().setName("orders").setPartitions(List.of(0, 1)));
        AlterReplicaLogDir other = new AlterReplicaLogDir().setPath("/elsewhere");
        other.topics().add(new AlterReplicaLogDirTopic().setName("orders").setPartitions(List.of(0)));
        dirs.add(ours);
        dirs.add(other);

        for (short version = ApiKeys.ALTER_REPLICA_LOG_DIRS.oldestVersion(); version <= ApiKeys.ALTER_REPLICA_LOG_DIRS.latestVersion(); version++) {
            AlterReplicaLogDirsResponseData response = Requests.call(handler,
                    new AlterReplicaLogDirsRequest.Builder(new AlterReplicaLogDirsRequestData().setDirs(dirs)).build(version));

            assertThat(response.results()).hasSize(2);
            assertThat(response.results().get(0).partitions())
                    .extracting(AlterReplicaLogDirPartitionResult::partitionIndex, AlterReplicaLogDirPartitionResult::errorCode)
                    .containsExactly(tuple(0, Errors.NONE.code()), tuple(1, Errors.REPLICA_NOT_AVAILABLE.code()));
            assertThat(response.results().get(1).partitions())
                    .extracting(AlterReplicaLogDirPartitionResult::errorCode).containsExactly(Errors.LOG_DIR_NOT_FOUND.code());
        }
    }
}
