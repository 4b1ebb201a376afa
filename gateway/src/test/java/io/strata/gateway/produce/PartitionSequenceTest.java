package io.strata.gateway.produce;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionSequenceTest {

    @Test
    void slotsFollowEachOtherWithinTheWindow() {
        PartitionSequence sequence = new PartitionSequence(7, 2);
        PartitionSequence.Slot a = sequence.acquire(3).join();
        PartitionSequence.Slot b = sequence.acquire(2).join();
        CompletableFuture<PartitionSequence.Slot> c = sequence.acquire(1);

        assertThat(a).isEqualTo(new PartitionSequence.Slot(7, (short) 0, 0, 2));
        assertThat(b).isEqualTo(new PartitionSequence.Slot(7, (short) 0, 3, 4));
        assertThat(c).as("the window of 2 is full").isNotDone();
        sequence.succeeded(a);
        assertThat(c.join()).isEqualTo(new PartitionSequence.Slot(7, (short) 0, 5, 5));
    }

    @Test
    void aFailureStartsANewEpochOnlyOnceTheOldEpochHasDrained() {
        PartitionSequence sequence = new PartitionSequence(7, 5);
        PartitionSequence.Slot a = sequence.acquire(1).join();
        PartitionSequence.Slot b = sequence.acquire(1).join();
        sequence.failed(a);
        CompletableFuture<PartitionSequence.Slot> c = sequence.acquire(1);

        assertThat(c).as("b of the old epoch is still in flight").isNotDone();
        assertThat(sequence.earlierUnresolved(b)).as("a is resolved: b's OUT_OF_ORDER would be definite").isNull();
        sequence.failed(b);
        assertThat(c.join()).isEqualTo(new PartitionSequence.Slot(7, (short) 1, 0, 0));
    }

    @Test
    void outOfOrderBehindAnUnresolvedSlotWaitsForIt() {
        PartitionSequence sequence = new PartitionSequence(7, 5);
        PartitionSequence.Slot a = sequence.acquire(1).join();
        PartitionSequence.Slot b = sequence.acquire(1).join();

        assertThat(sequence.earlierUnresolved(a)).isNull();
        CompletableFuture<Void> wait = sequence.earlierUnresolved(b);
        assertThat(wait).isNotDone();
        sequence.succeeded(a);
        assertThat(wait).isDone();
        assertThat(sequence.earlierUnresolved(b)).isNull();
    }

    @Test
    void sequencesWrapAfterIntegerMaxValue() {
        PartitionSequence sequence = new PartitionSequence(7, 1);
        PartitionSequence.Slot slot = null;
        for (int i = 0; i < 3; i++) {
            slot = sequence.acquire(Integer.MAX_VALUE / 2).join();
            sequence.succeeded(slot);
        }
        assertThat(slot.firstSeq()).isEqualTo(2 * (Integer.MAX_VALUE / 2));
        slot = sequence.acquire(10).join();
        assertThat(slot.firstSeq()).as("wrapped past Integer.MAX_VALUE").isEqualTo((int) (3L * (Integer.MAX_VALUE / 2) % (1L << 31)));
        assertThat(slot.lastSeq()).isEqualTo(slot.firstSeq() + 9);
        sequence.succeeded(slot);
        assertThat(sequence.acquire(1).join().firstSeq()).isEqualTo(slot.lastSeq() + 1);
    }

    @Test
    void afterTheLastEpochANewProducerIdIsNeeded() {
        PartitionSequence sequence = new PartitionSequence(7, 1);
        for (int epoch = 0; epoch < Short.MAX_VALUE; epoch++) {
            sequence.failed(sequence.acquire(1).join());
        }
        assertThat(sequence.epoch()).isEqualTo(Short.MAX_VALUE);
        sequence.failed(sequence.acquire(1).join());
        CompletableFuture<PartitionSequence.Slot> next = sequence.acquire(1);
        assertThat(sequence.needsProducerId()).isTrue();
        assertThat(next).isNotDone();
        sequence.renew(8);
        assertThat(next.join()).isEqualTo(new PartitionSequence.Slot(8, (short) 0, 0, 0));
    }

    @Test
    void aCancelledWaitTakesNoSlot() {
        PartitionSequence sequence = new PartitionSequence(7, 1);
        PartitionSequence.Slot a = sequence.acquire(1).join();
        CompletableFuture<PartitionSequence.Slot> waiting = sequence.acquire(1);
        assertThat(sequence.cancel(waiting)).isTrue();
        sequence.succeeded(a);
        assertThat(sequence.acquire(1).join().firstSeq()).isEqualTo(1);
        assertThatThrownBy(() -> sequence.succeeded(a)).isInstanceOf(IllegalStateException.class);
    }

    /**
     * A simulated leader that keeps Kafka's rules (last five batches per producer, sequence must
     * follow, higher epoch from 0) and a network that loses requests or answers, reorders and
     * delays them, at random from seeds. Each batch is retried with the same slot while its outcome
     * is unknown, as SequencedAppends does. Checked: no batch is in the log twice, every batch
     * answered as a success is in the log, and the leader never gets stuck refusing the producer.
     */
    @Test
    void seededRetriesAndReordersNeverDuplicateAndNeverWedge() {
        for (long seed = 0; seed < 300; seed++) {
            simulate(seed);
        }
    }

    private static void simulate(long seed) {
        Random random = new Random(seed);
        PartitionSequence sequence = new PartitionSequence(1, 5);
        SimulatedLeader leader = new SimulatedLeader();
        List<Attempt> inFlight = new ArrayList<>();
        Map<Integer, PartitionSequence.Slot> succeeded = new HashMap<>();
        int batch = 0;
        for (int step = 0; step < 400; step++) {
            if (random.nextInt(3) == 0 && batch < 200) {
                int id = batch++;
                CompletableFuture<PartitionSequence.Slot> slot = sequence.acquire(1 + random.nextInt(3));
                inFlight.add(new Attempt(id, slot, 0));
            }
            if (inFlight.isEmpty()) {
                continue;
            }
            Attempt attempt = inFlight.remove(random.nextInt(inFlight.size())); // any order: reorders
            if (!attempt.slot.isDone()) {
                inFlight.add(attempt);
                continue;
            }
            PartitionSequence.Slot slot = attempt.slot.join();
            boolean lostRequest = random.nextInt(8) == 0;
            String answer = lostRequest ? "lost" : leader.append(attempt.id, slot);
            boolean lostAnswer = random.nextInt(8) == 0;
            if (answer.equals("ok") && !lostAnswer) {
                sequence.succeeded(slot);
                succeeded.put(attempt.id, slot);
            } else if (answer.equals("ok") || answer.equals("lost")
                    || (answer.equals("out-of-order") && sequence.earlierUnresolved(slot) != null)) {
                if (attempt.tries < 20) {
                    inFlight.add(new Attempt(attempt.id, attempt.slot, attempt.tries + 1)); // unknown: same slot again
                } else {
                    sequence.failed(slot); // the request's time is up
                }
            } else {
                sequence.failed(slot);
            }
        }
        for (Attempt left : inFlight) {
            if (left.slot.isDone()) {
                sequence.failed(left.slot.join());
            } else {
                sequence.cancel(left.slot);
            }
        }
        assertThat(leader.duplicates()).as("seed " + seed + ": batches written twice").isEmpty();
        assertThat(leader.log).as("seed " + seed + ": acknowledged batches in the log").containsAll(succeeded.keySet());
        PartitionSequence.Slot last = sequence.acquire(1).join();
        assertThat(leader.append(-1, last)).as("seed " + seed + ": the producer is not wedged").isEqualTo("ok");
    }

    private record Attempt(int id, CompletableFuture<PartitionSequence.Slot> slot, int tries) {
    }

    /** Kafka's leader-side rules for one producer on one partition. */
    private static final class SimulatedLeader {
        final List<Integer> log = new ArrayList<>();
        final List<PartitionSequence.Slot> cached = new ArrayList<>();
        short epoch = -1;

        String append(int id, PartitionSequence.Slot slot) {
            if (slot.epoch() == epoch && cached.contains(slot)) {
                return "ok";
            }
            if (slot.epoch() < epoch) {
                return "invalid-epoch";
            }
            boolean follows = slot.epoch() > epoch ? slot.firstSeq() == 0
                    : cached.get(cached.size() - 1).lastSeq() + 1 == slot.firstSeq();
            if (!follows) {
                return "out-of-order";
            }
            if (slot.epoch() > epoch) {
                cached.clear();
                epoch = slot.epoch();
            }
            cached.add(slot);
            if (cached.size() > 5) {
                cached.remove(0);
            }
            log.add(id);
            return "ok";
        }

        List<Integer> duplicates() {
            return log.stream().filter(id -> id >= 0 && log.indexOf(id) != log.lastIndexOf(id)).distinct().toList();
        }
    }
}
