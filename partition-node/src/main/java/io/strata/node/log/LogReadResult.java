package io.strata.node.log;

import java.nio.ByteBuffer;

/**
 * Whole record batches read from a log (possibly none), with the log's bounds at the time of the
 * read. The buffer is the reader's own: nothing else writes to it.
 */
public record LogReadResult(ByteBuffer records, long logStartOffset, long logEndOffset) {
}
