package io.strata.client.admin;

/** Which offset {@link Admin#listOffsets} looks up: the first, the next to be written, or the first at or after a time. */
public record OffsetSpec(Kind kind, long timestampMs) {

    public enum Kind { EARLIEST, LATEST, TIMESTAMP }

    public static OffsetSpec earliest() {
        return new OffsetSpec(Kind.EARLIEST, -1);
    }

    public static OffsetSpec latest() {
        return new OffsetSpec(Kind.LATEST, -1);
    }

    /** The first offset whose record timestamp is at or after {@code timestampMs} (−1 in the answer when none is). */
    public static OffsetSpec forTimestamp(long timestampMs) {
        return new OffsetSpec(Kind.TIMESTAMP, timestampMs);
    }
}
