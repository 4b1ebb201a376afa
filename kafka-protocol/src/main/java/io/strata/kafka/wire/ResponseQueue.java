package io.strata.kafka.wire;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The requests of one connection that await their replies, in the order they arrived. Kafka
 * clients match responses by correlation id but require them in request order, so a reply that is
 * ready early waits for every earlier one: {@link #complete} releases the longest ready prefix.
 *
 * <p>Invariant: replies are released exactly once each, in the order of {@link #add}. Not
 * thread-safe: confined to the connection's event loop.
 *
 * @param <T> the reply type
 */
final class ResponseQueue<T> {

    private final ArrayDeque<Slot<T>> slots = new ArrayDeque<>();

    /** Reserves the place of the next request's reply. */
    Slot<T> add() {
        Slot<T> slot = new Slot<>();
        slots.addLast(slot);
        return slot;
    }

    /** Fills {@code slot} and hands every reply now at the head, in order, to {@code release}. */
    void complete(Slot<T> slot, T reply, Consumer<T> release) {
        if (slot.done) {
            throw new IllegalStateException("a reply slot was completed twice");
        }
        slot.reply = reply;
        slot.done = true;
        while (!slots.isEmpty() && slots.peekFirst().done) {
            release.accept(slots.removeFirst().reply);
        }
    }

    /** Requests received whose reply has not been released yet. */
    int inFlight() {
        return slots.size();
    }

    /** Forgets every pending reply (the connection closed), handing each one already filled to {@code dropped}. */
    void clear(Consumer<T> dropped) {
        for (Slot<T> slot : slots) {
            if (slot.done) {
                dropped.accept(slot.reply);
            }
        }
        slots.clear();
    }

    /** The place of one reply in the queue. */
    static final class Slot<T> {
        private T reply;
        private boolean done;
    }
}
