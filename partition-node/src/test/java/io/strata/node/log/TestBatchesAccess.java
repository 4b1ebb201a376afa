package io.strata.node.log;

import java.nio.ByteBuffer;

/** Opens the log tests' batch builder to tests in other packages. */
public final class TestBatchesAccess {

    private TestBatchesAccess() {
    }

    public static ByteBuffer batch() {
        return TestBatches.batch(0, 3, System.currentTimeMillis());
    }

    /** A batch of three records stamped {@code timestamp}. */
    public static ByteBuffer batchAt(long timestamp) {
        return TestBatches.batch(0, 3, timestamp);
    }
}
