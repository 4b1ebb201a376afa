package io.strata.connector.commit;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The throttled strategy's per-partition rule: a commit carries only the offset below which every
 * record handed out was acknowledged. Named cases first, then a seeded simulation of a partition
 * read in order (with gaps in its offsets, as compaction leaves them) and acknowledged in random
 * order, duplicates included, checking after every step that
 * <ul>
 *   <li>{@code NoUnacknowledgedBelowCommit}: every record received below the committable offset was acknowledged;</li>
 *   <li>{@code CommitIsTight}: the committable offset is the first unacknowledged record, or one past the last received;</li>
 *   <li>{@code MonotonicCommit}: the committable offset never goes back.</li>
 * </ul>
 * {@code -Dthrottled.seeds=N} runs more seeds; a failure names its seed.
 */
class PartitionAckTrackerTest {

    @Test
    void nothingToCommitBeforeTheFirstRecord() {
        assertThat(new PartitionAckTracker().committable()).isEmpty();
    }

    @Test
    void aRecordNotYetAcknowledgedHoldsTheCommitAtItsOffset() {
        PartitionAckTracker tracker = new PartitionAckTracker();
        for (long offset = 10; offset < 15; offset++) {
            tracker.received(offset, 0);
        }
        assertThat(tracker.committable()).hasValue(10);
        tracker.acknowledged(11);
        tracker.acknowledged(12);
        assertThat(tracker.committable()).hasValue(10);
        tracker.acknowledged(10);
        assertThat(tracker.committable()).hasValue(13);
        tracker.acknowledged(14);
        tracker.acknowledged(13);
        assertThat(tracker.committable()).hasValue(15);
        assertThat(tracker.pendingCount()).isZero();
    }

    @Test
    void acknowledgementsOfUnknownOrRepeatedOffsetsChangeNothing() {
        PartitionAckTracker tracker = new PartitionAckTracker();
        tracker.received(3, 0);
        tracker.received(7, 0);
        tracker.acknowledged(5);
        tracker.acknowledged(99);
        assertThat(tracker.committable()).hasValue(3);
        tracker.acknowledged(3);
        tracker.acknowledged(3);
        assertThat(tracker.committable()).hasValue(7);
    }

    @Test
    void theOldestPendingRecordsAgeIsTracked() {
        PartitionAckTracker tracker = new PartitionAckTracker();
        tracker.received(0, 1_000);
        tracker.received(1, 2_000);
        assertThat(tracker.oldestPendingAgeMs(5_000)).isEqualTo(4_000);
        tracker.acknowledged(0);
        assertThat(tracker.oldestPendingOffset()).isEqualTo(1);
        assertThat(tracker.oldestPendingAgeMs(5_000)).isEqualTo(3_000);
        tracker.acknowledged(1);
        assertThat(tracker.oldestPendingOffset()).isEqualTo(-1);
        assertThat(tracker.oldestPendingAgeMs(5_000)).isZero();
    }

    @Test
    void offsetsOutOfOrderAreRefused() {
        PartitionAckTracker tracker = new PartitionAckTracker();
        tracker.received(5, 0);
        assertThatThrownBy(() -> tracker.received(5, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessage("offset 5 received after offset 5: records of a partition must arrive in increasing offset order");
    }

    @Test
    void seededOutOfOrderAcknowledgementsCommitOnlyTheAcknowledgedPrefix() {
        int seeds = Integer.getInteger("throttled.seeds", 200);
        for (int seed = 0; seed < seeds; seed++) {
            try {
                simulate(new Random(seed));
            } catch (AssertionError | RuntimeException broken) {
                fail("seed " + seed + ": " + broken.getMessage(), broken);
            }
        }
    }

    private static void simulate(Random random) {
        PartitionAckTracker tracker = new PartitionAckTracker();
        List<Long> received = new ArrayList<>();
        List<Long> inProgress = new ArrayList<>();
        Set<Long> acknowledged = new HashSet<>();
        long nextOffset = random.nextInt(1000);
        long lastCommittable = -1;
        int steps = 200 + random.nextInt(800);
        for (int step = 0; step < steps; step++) {
            int action = random.nextInt(10);
            if (action < 4 || inProgress.isEmpty()) {
                nextOffset += 1 + (random.nextInt(10) == 0 ? random.nextInt(5) : 0); // gaps, as compaction leaves
                tracker.received(nextOffset, step);
                received.add(nextOffset);
                inProgress.add(nextOffset);
            } else if (action < 9) {
                long offset = inProgress.remove(random.nextInt(inProgress.size()));
                tracker.acknowledged(offset);
                acknowledged.add(offset);
            } else {
                long candidate = received.get(random.nextInt(received.size()));
                // a repeated acknowledgement, or one of an offset not received yet: both change nothing
                tracker.acknowledged(acknowledged.contains(candidate) ? candidate : nextOffset + 1 + random.nextInt(3));
            }
            lastCommittable = check(tracker, received, inProgress, acknowledged, lastCommittable);
        }
        inProgress.forEach(tracker::acknowledged);
        assertThat(tracker.committable()).hasValue(received.get(received.size() - 1) + 1);
    }

    private static long check(PartitionAckTracker tracker, List<Long> received, List<Long> inProgress, Set<Long> acknowledged,
                              long lastCommittable) {
        OptionalLong committable = tracker.committable();
        if (committable.isEmpty()) {
            fail("nothing committable after a record was received");
        }
        long commit = committable.getAsLong();
        // plain loops: this runs after every step of every seed
        long firstInProgress = Long.MAX_VALUE;
        for (long offset : inProgress) {
            firstInProgress = Math.min(firstInProgress, offset);
        }
        for (long offset : received) {
            if (offset >= commit) {
                break; // received in increasing order
            }
            if (!acknowledged.contains(offset)) {
                fail("NoUnacknowledgedBelowCommit: offset " + offset + " is below the commit " + commit + " but not acknowledged");
            }
        }
        long expected = inProgress.isEmpty() ? received.get(received.size() - 1) + 1 : firstInProgress;
        if (commit != expected) {
            fail("CommitIsTight: committable " + commit + ", expected " + expected);
        }
        if (commit < lastCommittable) {
            fail("MonotonicCommit: committable went back from " + lastCommittable + " to " + commit);
        }
        return commit;
    }
}
