package io.strata.gateway.rest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;

import java.util.Set;

/**
 * Coverage-guided fuzzing (Jazzer) of the REST body parsers: whatever the bytes, a parser answers
 * a parsed body or a {@link StrataException} with its documented code (INVALID_REQUEST, or
 * INVALID_RECORD for a value that is not what its format says) — never another exception.
 *
 * <p>A plain {@code mvn verify} replays the committed inputs under
 * {@code src/test/resources/io/strata/gateway/rest/RestBodyFuzzTestInputs/<method>/}. To fuzz
 * (bounded by maxDuration; new crashes are written to that directory):
 * {@code JAZZER_FUZZ=1 ./mvnw -pl gateway test -Dtest=RestBodyFuzzTest#produceBody}.
 */
class RestBodyFuzzTest {

    private static final Set<ErrorCode> DOCUMENTED = Set.of(ErrorCode.INVALID_REQUEST, ErrorCode.INVALID_RECORD);

    @FuzzTest(maxDuration = "2m")
    void produceBody(byte[] body) {
        for (EmbeddedFormat format : EmbeddedFormat.values()) {
            parsesOrRefuses(() -> ProduceBody.parse(body, format, 1000));
        }
    }

    @FuzzTest(maxDuration = "1m")
    void consumerBodies(byte[] body) {
        parsesOrRefuses(() -> ConsumerJson.creation(body, "generated"));
        parsesOrRefuses(() -> ConsumerJson.subscription(body));
        parsesOrRefuses(() -> ConsumerJson.offsets(body));
        parsesOrRefuses(() -> ConsumerJson.partitions(body));
        parsesOrRefuses(() -> ConsumerJson.seek(body));
    }

    private static void parsesOrRefuses(Runnable parse) {
        try {
            parse.run();
        } catch (StrataException e) {
            if (!DOCUMENTED.contains(e.code())) {
                throw new AssertionError("undocumented error code " + e.code() + ": " + e.getMessage(), e);
            }
        }
    }
}
