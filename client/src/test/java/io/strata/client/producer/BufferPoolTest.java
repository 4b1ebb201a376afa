package io.strata.client.producer;

import io.strata.api.v1.ErrorCode;
import io.strata.client.StrataClientException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BufferPoolTest {

    @Test
    void aFullPoolBlocksUntilMemoryIsReleasedAndTimesOutAfterMaxBlock() throws Exception {
        BufferPool pool = new BufferPool(4096, 1024);
        ByteBuffer[] taken = new ByteBuffer[4];
        for (int i = 0; i < 4; i++) {
            taken[i] = pool.allocate(1024, 0);
        }
        assertThatThrownBy(() -> pool.allocate(1024, 50))
                .isInstanceOfSatisfying(StrataClientException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_TIMED_OUT))
                .hasMessageContaining("max.block.ms (50 ms)");

        CompletableFuture<ByteBuffer> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.allocate(1024, 10_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.onSpinWait();
        assertThat(waiting).isNotDone();
        pool.release(taken[0], 1024);
        assertThat(waiting.get(10, TimeUnit.SECONDS)).as("the released buffer is reused").isSameAs(taken[0]);
    }

    @Test
    void theSenderMayOvershootAndReservationsCount() throws Exception {
        BufferPool pool = new BufferPool(2048, 1024);
        pool.reserve(2048, 0);
        assertThat(pool.availableMemory()).isZero();
        ByteBuffer over = pool.allocateNow(1024);
        assertThat(pool.availableMemory()).isEqualTo(-1024);
        pool.release(over, 1024);
        pool.unreserve(2048);
        assertThat(pool.availableMemory()).isEqualTo(2048);
        assertThatThrownBy(() -> pool.allocate(4096, 0)).hasMessageContaining("larger than buffer.memory");
    }
}
