package io.strata.bench.chaos;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.strata.api.v1.AssignmentEvent;
import io.strata.api.v1.AssignmentHistoryRequest;
import io.strata.api.v1.AssignmentHistoryResponse;
import io.strata.api.v1.CommittedOffset;
import io.strata.api.v1.FetchOffsetsRequest;
import io.strata.api.v1.GroupCoordinatorServiceGrpc;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches the run's consumer group at the coordinator every {@value #POLL_MS} ms: its committed
 * offsets (into the {@link History}, for the never-backwards check) and its assignment history
 * (into an {@link OwnershipCheck}). Calls that fail while the coordinator is down are skipped.
 *
 * <p>Thread-safety: one thread owns the channel and the ownership check; read the check after
 * {@link #stop()}.
 */
final class GroupWatcher implements Runnable {

    static final long POLL_MS = 500;

    private final ManagedChannel channel;
    private final GroupCoordinatorServiceGrpc.GroupCoordinatorServiceBlockingStub coordinator;
    private final History history;
    private final OwnershipCheck ownership = new OwnershipCheck();
    private final Thread thread;
    private volatile boolean running = true;
    private long afterSequence;
    private AssignmentEvent lastEvent;

    GroupWatcher(int coordinatorPort, History history) {
        this.channel = NettyChannelBuilder.forAddress("127.0.0.1", coordinatorPort).usePlaintext().build();
        this.coordinator = GroupCoordinatorServiceGrpc.newBlockingStub(channel);
        this.history = history;
        this.thread = new Thread(this, "chaos-group-watcher");
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        while (running) {
            pollOnce();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MS));
        }
        pollOnce();
    }

    private void pollOnce() {
        try {
            for (CommittedOffset offset : coordinator.withDeadlineAfter(2, TimeUnit.SECONDS)
                    .fetchOffsets(FetchOffsetsRequest.newBuilder().setGroupId(GroupReader.GROUP).build()).getOffsetsList()) {
                if (offset.getOffset() >= 0) {
                    history.committed(offset.getTopic() + "-" + offset.getPartition(), offset.getOffset());
                }
            }
            // Ask from the last event seen: if it is no longer there, unchanged, the coordinator restarted.
            AssignmentHistoryResponse events = coordinator.withDeadlineAfter(2, TimeUnit.SECONDS).assignmentHistory(
                    AssignmentHistoryRequest.newBuilder().setGroupId(GroupReader.GROUP)
                            .setAfterSequence(Math.max(0, afterSequence - 1)).build());
            if (lastEvent != null && (events.getEventsCount() == 0 || !events.getEvents(0).equals(lastEvent))) {
                ownership.restart();
                afterSequence = 0;
                lastEvent = null;
                return;
            }
            ownership.startAt(events.getFirstKeptSequence());
            for (AssignmentEvent event : events.getEventsList()) {
                ownership.accept(event);
                afterSequence = event.getSequence();
                lastEvent = event;
            }
        } catch (RuntimeException e) {
            // coordinator down, paused or restarting: the next poll tries again
        }
    }

    OwnershipCheck ownership() {
        return ownership;
    }

    void stop() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(10));
        channel.shutdownNow();
    }
}
