package io.strata.client.producer;

import io.strata.api.v1.ErrorCode;
import io.strata.client.StrataClientException;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The producer's memory for records not yet acknowledged ({@code buffer.memory}): the back-pressure
 * that makes {@code send} block (up to {@code max.block.ms}) when the application produces faster
 * than the cluster takes. Released buffers of the batch sizes in use ({@code batch.size}, and the
 * larger size batches grow to under load) are kept for reuse, so a steady producer allocates no new
 * batch memory.
 *
 * <p>Invariant: {@code used + cached ≤ total}, except for {@link #allocateNow}, which the sender
 * thread uses (it must never wait for memory only it can free) and which may overshoot by a batch.
 * Thread-safe.
 */
final class BufferPool {

    private final long total;
    private final int minPoolableSize;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    /** Released buffers by capacity; {@code cached} bytes in all. */
    private final java.util.HashMap<Integer, ArrayDeque<ByteBuffer>> free = new java.util.HashMap<>();
    private long cached;
    /** Bytes handed out (buffers and reservations) and not yet released. */
    private long used;

    /** @param minPoolableSize smaller buffers (for tiny batch.size settings) are not kept */
    BufferPool(long total, int minPoolableSize) {
        this.total = total;
        this.minPoolableSize = minPoolableSize;
    }

    /** A buffer of {@code size} bytes, waiting up to {@code maxBlockMs} for memory. */
    ByteBuffer allocate(int size, long maxBlockMs) throws InterruptedException {
        lock.lock();
        try {
            reserveLocked(size, maxBlockMs);
            return take(size);
        } finally {
            lock.unlock();
        }
    }

    /** A buffer of {@code size} bytes without waiting, over the limit if need be. */
    ByteBuffer allocateNow(int size) {
        lock.lock();
        try {
            used += size;
            return take(size);
        } finally {
            lock.unlock();
        }
    }

    /** Counts {@code bytes} against the limit without a buffer (records waiting for metadata). */
    void reserve(int bytes, long maxBlockMs) throws InterruptedException {
        lock.lock();
        try {
            reserveLocked(bytes, maxBlockMs);
        } finally {
            lock.unlock();
        }
    }

    void unreserve(int bytes) {
        lock.lock();
        try {
            used -= bytes;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Gives back a buffer {@code allocate}d with {@code size} bytes. */
    void release(ByteBuffer buffer, int size) {
        lock.lock();
        try {
            used -= size;
            if (size >= minPoolableSize && buffer.capacity() == size && used + cached + size <= total) {
                free.computeIfAbsent(size, capacity -> new ArrayDeque<>()).addLast(buffer.clear());
                cached += size;
            }
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    long availableMemory() {
        lock.lock();
        try {
            return total - used;
        } finally {
            lock.unlock();
        }
    }

    private void reserveLocked(int size, long maxBlockMs) throws InterruptedException {
        if (size > total) {
            throw new StrataClientException(ErrorCode.MESSAGE_TOO_LARGE, "a batch of " + size
                    + " bytes is larger than buffer.memory (" + total + " bytes)");
        }
        long remainingNanos = TimeUnit.MILLISECONDS.toNanos(maxBlockMs);
        while (total - used < size) {
            if (remainingNanos <= 0) {
                throw new StrataClientException(ErrorCode.REQUEST_TIMED_OUT, "buffer.memory (" + total
                        + " bytes) stayed full for max.block.ms (" + maxBlockMs + " ms): " + (total - used)
                        + " bytes free, " + size + " needed");
            }
            remainingNanos = released.awaitNanos(remainingNanos);
        }
        used += size;
    }

    /** A buffer for {@code size} bytes already counted in {@code used}; drops cached ones to make room. */
    private ByteBuffer take(int size) {
        ArrayDeque<ByteBuffer> sameSize = free.get(size);
        if (sameSize != null && !sameSize.isEmpty()) {
            cached -= size;
            return sameSize.pollFirst();
        }
        // Drop cached buffers of other sizes until the new one fits beside them.
        java.util.Iterator<ArrayDeque<ByteBuffer>> lists = free.values().iterator();
        while (used + cached > total && lists.hasNext()) {
            ArrayDeque<ByteBuffer> list = lists.next();
            while (used + cached > total && !list.isEmpty()) {
                cached -= list.pollFirst().capacity();
            }
        }
        return ByteBuffer.allocate(size);
    }
}
