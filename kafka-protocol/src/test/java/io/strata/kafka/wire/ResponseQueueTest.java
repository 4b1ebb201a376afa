package io.strata.kafka.wire;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResponseQueueTest {

    @Test
    void repliesAreReleasedInRequestOrderWhateverOrderTheyComplete() {
        ResponseQueue<String> queue = new ResponseQueue<>();
        List<String> released = new ArrayList<>();
        ResponseQueue.Slot<String> first = queue.add();
        ResponseQueue.Slot<String> second = queue.add();
        ResponseQueue.Slot<String> third = queue.add();

        queue.complete(third, "c", released::add);
        queue.complete(second, "b", released::add);
        assertThat(released).isEmpty();
        assertThat(queue.inFlight()).isEqualTo(3);

        queue.complete(first, "a", released::add);
        assertThat(released).containsExactly("a", "b", "c");
        assertThat(queue.inFlight()).isZero();
    }

    @Test
    void aSlotCompletesOnce() {
        ResponseQueue<String> queue = new ResponseQueue<>();
        ResponseQueue.Slot<String> slot = queue.add();
        queue.add();
        queue.complete(slot, "a", r -> { });
        assertThatThrownBy(() -> queue.complete(slot, "again", r -> { })).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void clearingHandsOnTheRepliesReadyButNotReleasedSoTheirFilesCanBeReleased() {
        ResponseQueue<String> queue = new ResponseQueue<>();
        List<String> released = new ArrayList<>();
        queue.add(); // never completed: the connection closed while it was served
        ResponseQueue.Slot<String> second = queue.add();
        queue.add();
        queue.complete(second, "b", released::add);
        List<String> dropped = new ArrayList<>();
        queue.clear(dropped::add);
        assertThat(dropped).containsExactly("b");
        assertThat(released).isEmpty();
        assertThat(queue.inFlight()).isZero();
    }
}
