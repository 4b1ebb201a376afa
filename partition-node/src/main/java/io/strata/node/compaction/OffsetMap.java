package io.strata.node.compaction;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;

/**
 * The cleaner's map from a record key to the newest offset at which that key was seen in the
 * dirty range, bounded by an estimate of its memory ({@code strata.node.cleaner.dedupe-buffer-bytes}).
 * Unlike Kafka's {@code SkimpyOffsetMap}, which stores a 16-byte hash of each key and so could
 * (with a vanishing probability) drop a record whose key's hash collides with another's, this map
 * stores the key bytes themselves: two different keys never share an entry. The price is memory
 * per entry: the key's length plus {@link #ENTRY_OVERHEAD_BYTES}.
 *
 * <p>Invariant: {@link #estimatedBytes()} ≤ the capacity; {@code put} refuses a new key that
 * would break it (the cleaner then stops its dirty range there, as Kafka's does).
 *
 * <p>Not thread-safe: one cleaning at a time uses one map.
 */
public final class OffsetMap {

    /** What an entry costs beside its key bytes: the hash node, the key object and array header, the offset. */
    public static final int ENTRY_OVERHEAD_BYTES = 96;

    private final long capacityBytes;
    private final HashMap<Key, long[]> offsets = new HashMap<>();
    private long estimatedBytes;
    private long latestOffset = -1;

    public OffsetMap(long capacityBytes) {
        if (capacityBytes < ENTRY_OVERHEAD_BYTES) {
            throw new IllegalArgumentException("strata.node.cleaner.dedupe-buffer-bytes must be at least "
                    + ENTRY_OVERHEAD_BYTES + ", got " + capacityBytes);
        }
        this.capacityBytes = capacityBytes;
    }

    /**
     * Records that {@code key} was seen at {@code offset} (offsets are put in ascending order).
     *
     * @return false when the key is new and does not fit: nothing was recorded
     */
    public boolean put(ByteBuffer key, long offset) {
        Key wrapped = Key.copyOf(key);
        long[] existing = offsets.get(wrapped);
        if (existing != null) {
            existing[0] = offset;
        } else {
            long cost = (long) wrapped.bytes.length + ENTRY_OVERHEAD_BYTES;
            if (estimatedBytes + cost > capacityBytes) {
                return false;
            }
            offsets.put(wrapped, new long[] {offset});
            estimatedBytes += cost;
        }
        latestOffset = Math.max(latestOffset, offset);
        return true;
    }

    /** The newest offset recorded for {@code key}, or -1 when it was not seen. */
    public long get(ByteBuffer key) {
        long[] offset = offsets.get(Key.copyOf(key));
        return offset == null ? -1 : offset[0];
    }

    /** The largest offset put, or -1. */
    public long latestOffset() {
        return latestOffset;
    }

    public int size() {
        return offsets.size();
    }

    public long estimatedBytes() {
        return estimatedBytes;
    }

    public void clear() {
        offsets.clear();
        estimatedBytes = 0;
        latestOffset = -1;
    }

    private record Key(byte[] bytes, int hash) {
        static Key copyOf(ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return new Key(bytes, Arrays.hashCode(bytes));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.hash == hash && Arrays.equals(key.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
