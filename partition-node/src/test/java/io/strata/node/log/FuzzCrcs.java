package io.strata.node.log;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** For the fuzz tests: makes every whole batch in a buffer carry a matching CRC32C, whatever else it holds. */
final class FuzzCrcs {

    private FuzzCrcs() {
    }

    /** Walks the batches by their length fields and rewrites each whole one's CRC (in place). */
    static void recompute(ByteBuffer bytes) {
        int position = bytes.position();
        while (bytes.limit() - position >= BatchHeader.MIN_BATCH_SIZE) {
            long size = 12L + bytes.getInt(position + 8);
            if (size < BatchHeader.MIN_BATCH_SIZE || position + size > bytes.limit()) {
                return;
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes.duplicate().position(position + 21).limit((int) (position + size)));
            bytes.putInt(position + 17, (int) crc.getValue());
            position += (int) size;
        }
    }
}
