package io.strata.client.producer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class StickyPartitionTest {

    @Test
    void keylessRecordsStayOnOnePartitionUntilABatchWorthOfBytesWasSentThere() {
        Random random = new Random(7);
        StickyPartition sticky = new StickyPartition(1000, random::nextInt);
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            chosen.add(sticky.next(6, 100));
        }
        for (int run = 0; run < 10; run++) {
            List<Integer> ten = chosen.subList(run * 10, run * 10 + 10);
            assertThat(ten).as("records %d-%d", run * 10, run * 10 + 9).containsOnly(ten.get(0));
            if (run > 0) {
                assertThat(ten.get(0)).as("a switch moves to another partition").isNotEqualTo(chosen.get(run * 10 - 1));
            }
        }
        assertThat(chosen).allMatch(p -> p >= 0 && p < 6);
    }

    @Test
    void switchesWhenThePartitionCountShrinksBelowTheStickyPartitionAndSpreadsOverAll() {
        StickyPartition sticky = new StickyPartition(10, bound -> bound - 1);
        assertThat(sticky.next(6, 1)).isEqualTo(5);
        assertThat(sticky.next(3, 1)).isEqualTo(2);

        Random random = new Random(1);
        StickyPartition spreading = new StickyPartition(1, random::nextInt);
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            seen.add(spreading.next(4, 1));
        }
        assertThat(seen).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void aSinglePartitionIsAlwaysChosen() {
        StickyPartition sticky = new StickyPartition(1, bound -> 0);
        for (int i = 0; i < 10; i++) {
            assertThat(sticky.next(1, 100)).isZero();
        }
    }
}
