package io.strata.gateway.produce;

import java.nio.ByteBuffer;

/** One RecordBatch v2 (bytes from position to limit) and how many records it holds. */
public record BuiltBatch(ByteBuffer buffer, int recordCount) {

    public int sizeInBytes() {
        return buffer.remaining();
    }
}
