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

    @Test
    void noSlotIsHandedOutWhileFiveHaveBeenSinceTheOldestUnresolvedOne() {
        PartitionSequence sequence = new PartitionSequence(7, 5);
        PartitionSequence.Slot first = sequence.acquire(1).join(); // its answer is lost: retried with this slot
        List<PartitionSequence.Slot> next = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            next.add(sequence.acquire(1).join());
        }
        next.forEach(sequence::succeeded);
        CompletableFuture<PartitionSequence.Slot> sixth = sequence.acquire(1);

        assertThat(sixth).as("a sixth batch landing would push the first out of the leader's last five").isNotDone();
        assertThat(sequence.inFlight()).isEqualTo(1);
        sequence.succeeded(first);
        assertThat(sixth.join().firstSeq()).isEqualTo(5);
    }

    @Test
    void aBatchRefusedBehindAFailedOneIsReissuedAheadOfNewBatchesInTheNextEpoch() {
        PartitionSequence sequence = new PartitionSequence(7, 5);
        PartitionSequence.Slot a = sequence.acquire(1).join();
        PartitionSequence.Slot b = sequence.acquire(2).join();
        sequence.failed(a); // a's time ran out: b is refused OUT_OF_ORDER, and nothing is earlier
        CompletableFuture<PartitionSequence.Slot> later = sequence.acquire(1);
        assertThat(later).as("a new epoch waits for b").isNotDone();
        assertThat(sequence.earlierUnresolved(b)).isNull();

        CompletableFuture<PartitionSequence.Slot> again = sequence.reissue(b, 2);

        assertThat(again.join()).as("b's records, first in the next epoch").isEqualTo(new PartitionSequence.Slot(7, (short) 1, 0, 1));
        assertThat(later.join()).isEqualTo(new PartitionSequence.Slot(7, (short) 1, 2, 2));
    }

    /**
     * A simulated leader that keeps Kafka's rules (last five batches per producer, sequence must
     * follow, higher epoch from 0) and a network that loses requests or answers, reorders and
     * delays them, at random from seeds. Each batch is retried with the same slot while its outcome
     * is unknown, as SequencedAppends does, and gives up now and then (its request's time is up);
     * a batch refused OUT_OF_ORDER with nothing unresolved before it is reissued in the next epoch.
     * Checked: no batch is in the log twice, every batch answered as a success is in the log, the
     * leader never gets stuck refusing the producer, and no batch fails but by running out of time
     * (a neighbour's failure never fails it).
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
        List<String> refused = new ArrayList<>();
        int batch = 0;
        for (int step = 0; step < 400; step++) {
            if (random.nextInt(3) == 0 && batch < 200) {
                int id = batch++;
                int records = 1 + random.nextInt(3);
                inFlight.add(new Attempt(id, records, sequence.acquire(records), 0, 0));
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
                if (attempt.tries < 20 && random.nextInt(25) != 0) {
                    inFlight.add(new Attempt(attempt.id, attempt.records, attempt.slot, attempt.tries + 1, attempt.reissues));
                } else {
                    sequence.failed(slot); // the request's time is up: outcome unknown
                }
            } else if (answer.equals("out-of-order") && attempt.reissues < SequencedAppends.MAX_REISSUES) {
                inFlight.add(new Attempt(attempt.id, attempt.records, sequence.reissue(slot, attempt.records),
                        attempt.tries + 1, attempt.reissues + 1));
            } else {
                sequence.failed(slot);
                refused.add("batch " + attempt.id + " " + slot + ": " + answer);
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
        assertThat(refused).as("seed " + seed + ": batches refused for a neighbour's failure").isEmpty();
        PartitionSequence.Slot last = sequence.acquire(1).join();
        assertThat(leader.append(-1, last)).as("seed " + seed + ": the producer is not wedged").isEqualTo("ok");
    }

    private record Attempt(int id, int records, CompletableFuture<PartitionSequence.Slot> slot, int tries, int reissues) {
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
