package io.strata.node.log;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

/**
 * Why one record batch is refused: the error code a client gets, the batch field that is wrong
 * (as Kafka's {@code DefaultRecordBatch} names it: {@code recordCount}, {@code lastOffsetDelta},
 * {@code crc}, {@code timestamp}…) and what was wrong with it.
 */
record BatchProblem(ErrorCode code, String field, String detail) {

    static BatchProblem corrupt(String field, String detail) {
        return new BatchProblem(ErrorCode.CORRUPT_MESSAGE, field, detail);
    }

    static BatchProblem invalid(String field, String detail) {
        return new BatchProblem(ErrorCode.INVALID_RECORD, field, detail);
    }

    /** The refusal of the batch at {@code index} in its request. */
    StrataException refusal(int index) {
        return new StrataException(code, "record batch " + index + " is refused, field " + field + ": " + detail);
    }

    /** How recovery reports the batch it truncates at. */
    String describeAt(String where) {
        return where + ": field " + field + ": " + detail;
    }
}
