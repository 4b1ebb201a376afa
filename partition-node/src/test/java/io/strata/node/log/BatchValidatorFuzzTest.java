package io.strata.node.log;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;

import java.nio.ByteBuffer;
import java.util.Set;

/**
 * Coverage-guided fuzzing of batch validation (Jazzer). The input's first byte chooses whether
 * the CRC of every batch is recomputed after mutation (so that the fuzzer reaches the record
 * decoding behind the CRC); the rest is the append request's bytes.
 *
 * <p>Properties: validation either accepts or refuses with one of the documented codes (any other
 * exception is a finding); what the leader accepts, a follower accepts too; an accepted batch is
 * whole, counts ≥ 1 record, and Kafka's own decoder finds exactly that many records with offsets
 * base..base + count − 1.
 *
 * <p>{@code ./mvnw verify} replays the corpus in {@code src/test/resources/io/strata/node/log/
 * BatchValidatorFuzzTestInputs/validate/}; {@code JAZZER_FUZZ=1 ./mvnw -pl partition-node test
 * -Dtest=BatchValidatorFuzzTest} fuzzes for {@code maxDuration}, writing crashes into that directory.
 */
class BatchValidatorFuzzTest {

    static final Set<ErrorCode> DOCUMENTED = Set.of(ErrorCode.CORRUPT_MESSAGE, ErrorCode.INVALID_RECORD,
            ErrorCode.INVALID_TIMESTAMP, ErrorCode.MESSAGE_TOO_LARGE, ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT,
            ErrorCode.INVALID_REQUEST);
    private static final long NOW = 1_700_000_000_000L;
    private static final LogConfig CONFIG = LogConfig.DEFAULTS.withMaxDecompressedBatchBytes(256 * 1024);

    @FuzzTest(maxDuration = "60s")
    void validate(byte[] input) {
        if (input.length == 0) {
            return;
        }
        ByteBuffer request = ByteBuffer.wrap(input, 1, input.length - 1).slice();
        if ((input[0] & 1) != 0) {
            FuzzCrcs.recompute(request);
        }
        ValidatedBatches accepted;
        try {
            accepted = ValidatedBatches.validate(request.duplicate(), ProduceLimits.of(CONFIG, NOW));
        } catch (StrataException refused) {
            if (!DOCUMENTED.contains(refused.code())) {
                throw new AssertionError("undocumented refusal " + refused.code(), refused);
            }
            return;
        }
        ValidatedBatches.validateReplicated(request.duplicate());
        checkAccepted(request, accepted);
    }

    private static void checkAccepted(ByteBuffer request, ValidatedBatches accepted) {
        int records = 0;
        int bytes = 0;
        for (MutableRecordBatch batch : MemoryRecords.readableRecords(request.duplicate()).batches()) {
            Integer count = batch.countOrNull();
            if (count == null || count < 1 || !batch.isValid()) {
                throw new AssertionError("accepted a batch with count " + count + ", valid " + batch.isValid());
            }
            long expected = batch.baseOffset();
            for (Record record : batch) {
                if (record.offset() != expected++) {
                    throw new AssertionError("accepted a record at offset " + record.offset() + ", expected " + (expected - 1));
                }
            }
            if (expected != batch.baseOffset() + count) {
                throw new AssertionError("accepted a batch announcing " + count + " records but holding " + (expected - batch.baseOffset()));
            }
            records += count;
            bytes += batch.sizeInBytes();
        }
        if (records != accepted.recordCount() || bytes != request.remaining()) {
            throw new AssertionError("accepted " + accepted.recordCount() + " records in " + request.remaining()
                    + " bytes but holds " + records + " in " + bytes);
        }
    }
}
