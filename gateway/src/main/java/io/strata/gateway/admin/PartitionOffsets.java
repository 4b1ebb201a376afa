package io.strata.gateway.admin;

/** A partition's log start offset and high watermark as its leader reported them (−1 when it could not be asked). */
public record PartitionOffsets(long logStartOffset, long highWatermark) {

    public static final PartitionOffsets UNKNOWN = new PartitionOffsets(-1, -1);
}
