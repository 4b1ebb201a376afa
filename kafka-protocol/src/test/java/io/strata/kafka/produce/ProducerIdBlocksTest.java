package io.strata.kafka.produce;

import io.strata.kafka.testing.FakeControlPlane;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProducerIdBlocksTest {

    @Test
    void idsComeFromBlocksAndAreUniqueUnderConcurrency() throws Exception {
        FakeControlPlane controlPlane = new FakeControlPlane(4);
        controlPlane.producerIdBlockSize(10);
        ProducerIdBlocks blocks = new ProducerIdBlocks(controlPlane, 0);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> ids = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                ids.add(pool.submit(() -> blocks.next().toCompletableFuture().get(5, TimeUnit.SECONDS)));
            }
            Set<Long> unique = new HashSet<>();
            for (Future<Long> id : ids) {
                unique.add(id.get(10, TimeUnit.SECONDS));
            }
            assertThat(unique).hasSize(1000);
            assertThat(controlPlane.producerIdRequests()).hasSize(100)
                    .allSatisfy(r -> assertThat(r.getNodeId()).isEqualTo(4));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedBlockRequestFailsItsCallersAndTheNextCallAsksAgain() throws Exception {
        FakeControlPlane controlPlane = new FakeControlPlane(0);
        controlPlane.failNextProducerIdAllocation(new IllegalStateException("metadata service down"));
        ProducerIdBlocks blocks = new ProducerIdBlocks(controlPlane, 5);
        assertThatThrownBy(() -> blocks.next().toCompletableFuture().get(5, TimeUnit.SECONDS)).hasMessageContaining("metadata service down");
        assertThat(blocks.next().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(1000L);
        assertThat(blocks.next().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(1001L);
    }
}
