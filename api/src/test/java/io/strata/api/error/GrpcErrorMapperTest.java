package io.strata.api.error;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.strata.api.v1.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcErrorMapperTest {

    @Test
    void aStrataExceptionKeepsItsCodeAndMessageAlsoWhenWrapped() {
        StrataException fenced = new StrataException(ErrorCode.FENCED_LEADER_EPOCH, "leader_epoch: 1 is older");
        for (Throwable failure : new Throwable[]{fenced, new CompletionException(fenced),
                new RuntimeException("transaction rolled back", fenced)}) {
            StatusRuntimeException status = GrpcErrorMapper.toStatus(failure);
            assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(status.getStatus().getDescription()).isEqualTo("leader_epoch: 1 is older");
            assertThat(status.getTrailers().get(GrpcErrors.ERROR_CODE_KEY)).isEqualTo("FENCED_LEADER_EPOCH");
        }
    }

    @Test
    void anythingElseIsAnUnknownServerError() {
        StatusRuntimeException status = GrpcErrorMapper.toStatus(new IllegalStateException("boom"));
        assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(status.getTrailers().get(GrpcErrors.ERROR_CODE_KEY)).isEqualTo("UNKNOWN_SERVER_ERROR");
        assertThat(status.getStatus().getDescription()).contains("boom");
    }
}
