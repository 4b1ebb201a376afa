package io.strata.node.log;

import java.nio.ByteBuffer;

/**
 * Whole record batches read from a log (possibly none), with the log's bounds at the time of the
 * read. The buffer is the reader's own: nothing else writes to it, and nothing may, since a
 * consumer's fetch answer hands it to gRPC as it is ({@code rpc.DirectFetchRoute}) and Netty
 * reads it until the answer is written; a pooled buffer here would need a release after that write.
 */
public record LogReadResult(ByteBuffer records, long logStartOffset, long logEndOffset) {
}
