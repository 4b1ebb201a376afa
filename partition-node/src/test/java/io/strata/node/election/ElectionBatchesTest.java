package io.strata.node.election;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ElectionBatchesTest {

    private static Election of(int partition, Election.Reason reason) {
        return reason == Election.Reason.FENCED
                ? new Election("t", partition, 2, List.of(2, 3), reason, List.of(1))
                : new Election("t", partition, 2, List.of(2, 3), reason);
    }

    @Test
    void leaderlessPartitionsGoFirstThenFencingThenPreferredInPlanOrder() {
        List<Election> plan = List.of(of(0, Election.Reason.PREFERRED), of(1, Election.Reason.FENCED),
                of(2, Election.Reason.CLEAN), of(3, Election.Reason.LEADERLESS), of(4, Election.Reason.FENCED),
                of(5, Election.Reason.UNCLEAN));

        assertThat(ElectionBatches.of(plan, 4)).containsExactly(
                List.of(of(2, Election.Reason.CLEAN), of(3, Election.Reason.LEADERLESS), of(5, Election.Reason.UNCLEAN),
                        of(1, Election.Reason.FENCED)),
                List.of(of(4, Election.Reason.FENCED), of(0, Election.Reason.PREFERRED)));
    }

    @Test
    void everyElectionIsInExactlyOneBatchOfAtMostTheLimit() {
        Random random = new Random(18);
        Election.Reason[] reasons = Election.Reason.values();
        for (int round = 0; round < 500; round++) {
            int size = random.nextInt(3_000);
            int limit = 1 + random.nextInt(300);
            List<Election> plan = new ArrayList<>();
            for (int p = 0; p < size; p++) {
                plan.add(of(p, reasons[random.nextInt(reasons.length)]));
            }

            List<List<Election>> batches = ElectionBatches.of(plan, limit);

            assertThat(batches).hasSize((size + limit - 1) / limit).allSatisfy(batch -> assertThat(batch).hasSizeBetween(1, limit));
            Set<Integer> seen = new TreeSet<>();
            batches.forEach(batch -> batch.forEach(election -> assertThat(seen.add(election.partition())).isTrue()));
            assertThat(seen).hasSize(size);
        }
    }

    @Test
    void aBatchSizeBelowOneIsRefused() {
        assertThatThrownBy(() -> ElectionBatches.of(List.of(), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batchSize: 0 is less than 1");
    }
}
