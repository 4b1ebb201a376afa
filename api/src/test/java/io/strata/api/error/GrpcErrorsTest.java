package io.strata.api.error;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.strata.api.v1.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcErrorsTest {

    @Test
    void everyCodeHasARow() {
        for (ErrorCode code : ErrorCode.values()) {
            if (code == ErrorCode.UNRECOGNIZED) {
                continue;
            }
            assertThat(ErrorStatus.of(code).code()).isEqualTo(code);
        }
    }

    @Test
    void codeAndMessageSurviveTheRoundTrip() {
        StatusRuntimeException wire = GrpcErrors.toStatus(
                new StrataException(ErrorCode.OFFSET_OUT_OF_RANGE, "offset 42 is above the log end offset 10"));

        assertThat(wire.getStatus().getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
        StrataException back = GrpcErrors.fromStatus(wire);
        assertThat(back.code()).isEqualTo(ErrorCode.OFFSET_OUT_OF_RANGE);
        assertThat(back.getMessage()).isEqualTo("offset 42 is above the log end offset 10");
    }

    @Test
    void unexpectedFailuresBecomeUnknownServerErrors() {
        StatusRuntimeException wire = GrpcErrors.toStatus(new IllegalStateException("boom"));

        assertThat(wire.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(GrpcErrors.fromStatus(wire).code()).isEqualTo(ErrorCode.UNKNOWN_SERVER_ERROR);
        assertThat(wire.getStatus().getDescription()).contains("boom");
    }

    @Test
    void bareTransportStatusesGetTheNearestCode() {
        StrataException unavailable = GrpcErrors.fromStatus(Status.UNAVAILABLE.asRuntimeException());

        assertThat(unavailable.code()).isEqualTo(ErrorCode.NODE_NOT_AVAILABLE);
        assertThat(unavailable.retriable()).isTrue();
    }

    @Test
    void aConnectionTornDownByAGoawayIsARetriableTransportFailureNotAServerError() {
        // What grpc-java reports when the peer closes the HTTP/2 connection with PROTOCOL_ERROR
        // (seen in CI between gateway and node while a follower was stopped).
        StatusRuntimeException goaway = Status.INTERNAL.withDescription("Connection closed after GOAWAY. HTTP/2 error code: "
                + "PROTOCOL_ERROR, debug data: Request stream 3 is not correct for server connection").asRuntimeException();

        assertThat(GrpcErrors.isTransportFailure(goaway)).isTrue();
        StrataException error = GrpcErrors.fromStatus(goaway);
        assertThat(error.code()).isEqualTo(ErrorCode.NODE_NOT_AVAILABLE);
        assertThat(error.retriable()).isTrue();
        assertThat(error.getMessage()).contains("GOAWAY");
    }

    @Test
    void anInternalErrorAnsweredByAServerStaysAServerError() {
        StatusRuntimeException answered = GrpcErrors.toStatus(new IllegalStateException("boom"));

        assertThat(GrpcErrors.isTransportFailure(answered)).isFalse();
        assertThat(GrpcErrors.fromStatus(answered).retriable()).isFalse();
    }
}
