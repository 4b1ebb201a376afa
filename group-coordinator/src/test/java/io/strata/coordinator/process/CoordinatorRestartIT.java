package io.strata.coordinator.process;

import io.strata.api.v1.CommitOffsetsRequest;
import io.strata.api.v1.CommittedOffset;
import io.strata.api.v1.CreateConsumerInstanceRequest;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.FetchOffsetsRequest;
import io.strata.api.v1.FetchOffsetsResponse;
import io.strata.api.v1.GetConsumerInstanceRequest;
import io.strata.api.v1.GroupCoordinatorServiceGrpc;
import io.strata.api.v1.GroupHeartbeatRequest;
import io.strata.api.v1.GroupHeartbeatResponse;
import io.strata.api.v1.GroupSubscription;
import io.strata.api.v1.UpdateConsumerInstanceRequest;
import io.strata.api.v1.ConsumerPosition;
import io.strata.coordinator.CoordinatorChannel;
import io.strata.deploy.launcher.FreePorts;
import io.strata.deploy.launcher.ServiceProcess;
import io.strata.deploy.launcher.ServiceSpec;
import io.strata.deploy.launcher.StrataBuild;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;

import static io.strata.coordinator.CoordinatorChannel.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coordinator as a real process with its embedded PostgreSQL: committed offsets and consumer
 * instances survive a clean restart and a SIGKILL; membership does not (a member heartbeating
 * after the restart is told UNKNOWN_MEMBER_ID, joins again, and commits at its new epoch). Started
 * from this module's quarkus-run.jar by the deploy module's launcher.
 */
class CoordinatorRestartIT {

    private static final String GROUP = "restart-group";
    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);

    @TempDir
    Path workDir;

    /** The coordinator as a process on a free port with its data in the work directory, once healthy. */
    private ServiceProcess start(String name) throws IOException {
        int port = FreePorts.next();
        ServiceSpec spec = ServiceSpec.builder(name, StrataBuild.quarkusRunJar("group-coordinator")).jvmArg("-Xmx256m")
                .systemProperty("quarkus.http.port", Integer.toString(port))
                .systemProperty("strata.coordinator.data-dir", workDir.resolve("coordinator").toString())
                .logFile(workDir.resolve(name + ".log")).healthUrl("http://127.0.0.1:" + port + "/q/health/ready").build();
        return ServiceProcess.start(spec).awaitHealthy(STARTUP);
    }

    private static CoordinatorChannel channelTo(ServiceProcess coordinator) {
        return new CoordinatorChannel(coordinator.spec().healthUrl().getPort());
    }

    /** SIGTERM; fails when the coordinator had to be killed instead. */
    private static void stopCleanly(ServiceProcess coordinator) {
        coordinator.stop(STOP_GRACE);
        assertThat(coordinator.exitCode()).as("%s exited on SIGTERM, not SIGKILL", coordinator).isNotEqualTo(OptionalInt.of(137));
    }

    private static GroupHeartbeatResponse join(GroupCoordinatorServiceGrpc.GroupCoordinatorServiceBlockingStub coordinator) {
        return coordinator.heartbeat(GroupHeartbeatRequest.newBuilder().setGroupId(GROUP).setMemberEpoch(0)
                .setSubscription(GroupSubscription.newBuilder().addTopicNames("orders")).build());
    }

    private static void commit(GroupCoordinatorServiceGrpc.GroupCoordinatorServiceBlockingStub coordinator,
                               GroupHeartbeatResponse member, long offset) {
        coordinator.commitOffsets(CommitOffsetsRequest.newBuilder().setGroupId(GROUP).setMemberId(member.getMemberId())
                .setMemberEpoch(member.getMemberEpoch())
                .addOffsets(CommittedOffset.newBuilder().setTopic("orders").setPartition(0).setOffset(offset)
                        .setMetadata("before restart"))
                .build());
    }

    private static FetchOffsetsResponse fetch(GroupCoordinatorServiceGrpc.GroupCoordinatorServiceBlockingStub coordinator) {
        return coordinator.fetchOffsets(FetchOffsetsRequest.newBuilder().setGroupId(GROUP).build());
    }

    @Test
    void offsetsAndInstancesSurviveRestartsAndMembersJoinAgain() throws Exception {
        GroupHeartbeatResponse member;
        FetchOffsetsResponse before;
        try (ServiceProcess first = start("first");
             CoordinatorChannel channel = channelTo(first)) {
            GroupCoordinatorServiceGrpc.GroupCoordinatorServiceBlockingStub coordinator = channel.blocking();
            member = join(coordinator);
            commit(coordinator, member, 41);
            coordinator.createConsumerInstance(CreateConsumerInstanceRequest.newBuilder().setGroupId(GROUP).setName("rest-1")
                    .setFormat("binary").build());
            coordinator.updateConsumerInstance(UpdateConsumerInstanceRequest.newBuilder().setGroupId(GROUP).setName("rest-1")
                    .addPositions(ConsumerPosition.newBuilder().setTopic("orders").setPartition(0).setOffset(17)).build());
            before = fetch(coordinator);
            stopCleanly(first);
        }

        try (ServiceProcess second = start("second");
             CoordinatorChannel channel = channelTo(second)) {
            GroupCoordinatorServiceGrpc.GroupCoordinatorServiceBlockingStub coordinator = channel.blocking();
            assertThat(fetch(coordinator)).isEqualTo(before);
            GroupHeartbeatResponse stale = member;
            assertRefused(() -> coordinator.heartbeat(GroupHeartbeatRequest.newBuilder().setGroupId(GROUP)
                    .setMemberId(stale.getMemberId()).setMemberEpoch(stale.getMemberEpoch()).build()),
                    ErrorCode.UNKNOWN_MEMBER_ID, "join again");
            assertRefused(() -> commit(coordinator, stale, 99), ErrorCode.UNKNOWN_MEMBER_ID, stale.getMemberId());
            member = join(coordinator);
            commit(coordinator, member, 42);
            second.kill();
        }

        try (ServiceProcess third = start("third");
             CoordinatorChannel channel = channelTo(third)) {
            GroupCoordinatorServiceGrpc.GroupCoordinatorServiceBlockingStub coordinator = channel.blocking();
            assertThat(Files.readString(third.logFile())).contains("stopping orphaned PostgreSQL");
            CommittedOffset committed = fetch(coordinator).getOffsets(0);
            assertThat(committed.getOffset()).isEqualTo(42);
            assertThat(committed.getMetadata()).isEqualTo("before restart");
            assertThat(coordinator.getConsumerInstance(GetConsumerInstanceRequest.newBuilder().setGroupId(GROUP)
                    .setName("rest-1").build()).getInstance().getPositions(0).getOffset()).isEqualTo(17);
            stopCleanly(third);
        }
    }
}
