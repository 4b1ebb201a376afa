package io.strata.node.simulation;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

/**
 * The simulated clock, the event queue, and a network that loses, delays (so reorders) and
 * duplicates messages, and cuts links between endpoints. Everything random comes from the one
 * seeded {@link Random}, and events at the same time run in the order they were scheduled, so a
 * seed replays exactly. Also keeps the last events, for the trace a failure prints.
 *
 * <p>Not thread-safe: the simulation runs on the test's thread.
 */
final class SimulatedNetwork {

    /** Who receives a delivered message. */
    interface Receiver {
        /** {@code sentAtMs}: when the message left, so a process restarted since can drop it (its connection died). */
        void deliver(int from, int to, SimMessage message, long sentAtMs);
    }

    /** A step of the simulation: a label for the trace, and what it does. */
    private record Event(long timeMs, long sequence, Object label, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event other) {
            int byTime = Long.compare(timeMs, other.timeMs);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    /** A message on the wire, as the trace shows it. */
    record Delivery(int from, int to, SimMessage message) {
        @Override
        public String toString() {
            return from + "→" + to + " " + message;
        }
    }

    /** How many events a failure prints: {@code -Dsim.trace=N}. */
    private static final int TRACE_LENGTH = Integer.getInteger("sim.trace", 60);

    private final Random random;
    private final Receiver receiver;
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private final Set<Long> cutLinks = new HashSet<>();
    private final ArrayDeque<Object[]> recent = new ArrayDeque<>();
    private long nowMs;
    private long sequence;
    private long steps;
    private long fingerprint = 1;
    private boolean faulty = true;
    private final double dropProbability;
    private final double duplicateProbability;
    private final int maxDelayMs;

    SimulatedNetwork(Random random, Receiver receiver, double dropProbability, double duplicateProbability, int maxDelayMs) {
        this.random = random;
        this.receiver = receiver;
        this.dropProbability = dropProbability;
        this.duplicateProbability = duplicateProbability;
        this.maxDelayMs = maxDelayMs;
    }

    long nowMs() {
        return nowMs;
    }

    long steps() {
        return steps;
    }

    /** A hash of every step taken: two runs of one seed have the same. */
    long fingerprint() {
        return fingerprint;
    }

    Random random() {
        return random;
    }

    void schedule(long delayMs, Object label, Runnable action) {
        queue.add(new Event(nowMs + delayMs, sequence++, label, action));
    }

    /** Sends a message: maybe lost, maybe twice, each copy after its own delay; never across a cut link. */
    void send(int from, int to, SimMessage message) {
        if (isCut(from, to)) {
            return;
        }
        int copies = faulty && random.nextDouble() < duplicateProbability ? 2 : 1;
        for (int copy = 0; copy < copies; copy++) {
            if (faulty && random.nextDouble() < dropProbability) {
                continue;
            }
            Delivery delivery = new Delivery(from, to, message);
            long sentAtMs = nowMs;
            schedule(delayMs(), delivery, () -> {
                if (!isCut(from, to)) {
                    receiver.deliver(from, to, message, sentAtMs);
                }
            });
        }
    }

    /** A delay: usually short, sometimes long (a stalled connection), which reorders messages. */
    private long delayMs() {
        if (!faulty) {
            return 1 + random.nextInt(3);
        }
        return random.nextInt(10) == 0 ? 1 + random.nextInt(maxDelayMs) : 1 + random.nextInt(10);
    }

    void cut(int a, int b) {
        cutLinks.add(link(a, b));
    }

    void healAll() {
        cutLinks.clear();
    }

    boolean isCut(int a, int b) {
        return !cutLinks.isEmpty() && cutLinks.contains(link(a, b));
    }

    /** From now on no message is lost, duplicated or held long (the healing phase). */
    void calm() {
        faulty = false;
    }

    /** Runs the next event; false when there is none before {@code endMs}. */
    boolean step(long endMs) {
        Event event = queue.peek();
        if (event == null || event.timeMs() > endMs) {
            nowMs = endMs;
            return false;
        }
        queue.poll();
        nowMs = event.timeMs();
        steps++;
        note(event.label());
        fingerprint = fingerprint * 31 + nowMs * 7 + event.sequence();
        event.action().run();
        return true;
    }

    /** Adds a line to the trace (a nemesis action, which is part of a step). */
    void note(Object label) {
        recent.addLast(new Object[] {nowMs, label});
        if (recent.size() > TRACE_LENGTH) {
            recent.removeFirst();
        }
    }

    /** The last events, oldest first, one a line (formatted only when a failure asks). */
    String trace() {
        StringBuilder text = new StringBuilder();
        for (Object[] event : recent) {
            text.append(String.format("  t=%5d  %s%n", (long) event[0], event[1]));
        }
        return text.toString();
    }

    private static long link(int a, int b) {
        int low = Math.min(a, b);
        int high = Math.max(a, b);
        return ((long) low << 32) ^ (high & 0xffffffffL);
    }
}
