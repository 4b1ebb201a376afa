package io.strata.node.replication;

import io.strata.node.log.EpochEndOffset;

import java.util.function.IntFunction;

/**
 * Where a new follower's log stops agreeing with its leader's (KIP-279, Kafka's
 * {@code OffsetsForLeaderEpoch} rounds). The follower asks the leader where its latest epoch
 * {@code E} ends. If the leader has {@code E}, the logs agree up to the leader's end of it. If
 * not, the leader answers with its largest epoch {@code E' < E} and where that ends on the leader;
 * the follower's records of {@code E'} may end earlier than the leader's (a deposed leader of
 * {@code E'} never had the rest), so the logs agree only up to the smaller of the two ends; and
 * if the follower has no {@code E'} itself, everything it holds after its own largest epoch below
 * {@code E'} is foreign to the leader, so it asks again about that epoch.
 *
 * <p>Invariant: the offset returned is never above the end of the longest prefix both logs
 * share by (offset, epoch); cutting the follower there leaves no record the leader does not
 * have at the same offset and epoch. Before this class, the follower cut only at the leader's
 * end of {@code E'} and kept its own later records of {@code E'} (the replication simulation's
 * seed 1: replicas differed below the high watermark).
 *
 * <p>Pure logic; the caller supplies both logs' answers.
 */
final class DivergencePoint {

    /** A bound on the rounds; each round goes down at least one epoch, so it is never reached by an honest leader. */
    static final int MAX_ROUNDS = 64;

    private DivergencePoint() {
    }

    /**
     * @param followerLatestEpoch the follower's latest epoch ({@code < 0}: none)
     * @param followerEnds        the follower's {@code endOffsetForEpoch}
     * @param leaderEnds          asks the leader where an epoch ends (its largest epoch at most the one asked)
     * @param followerHighWatermark where to cut when the leader knows no epoch at all
     * @param followerLogStart    the follower's log start offset, the lowest cut
     * @return the offset to truncate the follower to; {@link Long#MAX_VALUE} for no truncation
     */
    static long find(int followerLatestEpoch, IntFunction<EpochEndOffset> followerEnds,
                     IntFunction<EpochEndOffset> leaderEnds, long followerHighWatermark, long followerLogStart) {
        if (followerLatestEpoch < 0) {
            // Asked all the same: the leader's answer (or refusal) tells that it leads this
            // partition at the follower's epoch before the follower fetches from it.
            leaderEnds.apply(followerLatestEpoch);
            return Long.MAX_VALUE;
        }
        int asked = followerLatestEpoch;
        long cut = Long.MAX_VALUE;
        for (int round = 0; round < MAX_ROUNDS && asked >= 0; round++) {
            EpochEndOffset leader = leaderEnds.apply(asked);
            if (leader.epoch() < 0) {
                return Math.min(cut, Math.max(followerLogStart, followerHighWatermark));
            }
            if (leader.epoch() >= asked) {
                return Math.min(cut, leader.endOffset());
            }
            EpochEndOffset mine = followerEnds.apply(leader.epoch());
            if (mine.epoch() == leader.epoch()) {
                return Math.min(cut, Math.min(leader.endOffset(), mine.endOffset()));
            }
            if (mine.epoch() < 0) {
                return Math.min(cut, followerLogStart);
            }
            // The follower lacks the leader's epoch: its records after its own largest epoch
            // below it belong to epochs the leader never had.
            cut = Math.min(cut, mine.endOffset());
            asked = mine.epoch();
        }
        return asked < 0 ? cut : Math.min(cut, followerLogStart);
    }
}
