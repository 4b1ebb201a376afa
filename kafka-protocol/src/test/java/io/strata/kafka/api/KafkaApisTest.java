package io.strata.kafka.api;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.kafka.testing.ControlledHandler;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeClusterRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaApisTest {

    private static final ClientSession ANONYMOUS = new ClientSession("c", InetSocketAddress.createUnresolved("h", 1), false);

    @Test
    void twoHandlersForOneApiAreRefused() {
        assertThatThrownBy(() -> KafkaApis.of(List.of(new ControlledHandler()), List.of(new ControlledHandler())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DESCRIBE_CLUSTER");
    }

    @Test
    void aRangeBeyondWhatKafkaClientsKnowsIsRefused() {
        KafkaApiHandler tooNew = new KafkaApiHandler() {
            public ApiKeys apiKey() {
                return ApiKeys.LIST_GROUPS;
            }

            public short minVersion() {
                return 0;
            }

            public short maxVersion() {
                return (short) (ApiKeys.LIST_GROUPS.latestVersion() + 1);
            }

            public CompletionStage<ApiMessage> handle(KafkaRequest request) {
                return CompletableFuture.failedFuture(new IllegalStateException());
            }
        };
        assertThatThrownBy(() -> KafkaApis.of(List.of(tooNew))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFailedStageIsAnsweredWithTheRequestsErrorResponseAndKafkasCode() throws Exception {
        ControlledHandler controlled = new ControlledHandler();
        KafkaApis apis = KafkaApis.of(List.of(controlled));
        DescribeClusterRequest request = new DescribeClusterRequest.Builder(new DescribeClusterRequestData()).build((short) 1);
        ByteBuffer frame = request.serializeWithHeader(new RequestHeader(ApiKeys.DESCRIBE_CLUSTER, (short) 1, "c", 77));
        CompletableFuture<Reply> reply = apis.handle(frame, ANONYMOUS).toCompletableFuture();
        controlled.fail(0, new StrataException(ErrorCode.REQUEST_TIMED_OUT, "slow"));
        ByteBuffer response = ((Reply.Send) reply.get(5, TimeUnit.SECONDS)).frame();
        assertThat(response.getInt()).isEqualTo(response.remaining());
        assertThat(ResponseHeader.parse(response, ApiKeys.DESCRIBE_CLUSTER.responseHeaderVersion((short) 1)).correlationId()).isEqualTo(77);
        DescribeClusterResponseData data = new DescribeClusterResponseData(new ByteBufferAccessor(response), (short) 1);
        assertThat(data.errorCode()).isEqualTo(Errors.REQUEST_TIMED_OUT.code());
        assertThat(data.errorMessage()).isEqualTo("slow");
    }

    @Test
    void untilAuthenticatedOnlyApiVersionsIsServed() throws Exception {
        KafkaApis apis = KafkaApis.of(List.of(new ControlledHandler()));
        ClientSession unauthenticated = new ClientSession("c", InetSocketAddress.createUnresolved("h", 1), true);
        DescribeClusterRequest request = new DescribeClusterRequest.Builder(new DescribeClusterRequestData()).build((short) 1);
        Reply reply = apis.handle(request.serializeWithHeader(new RequestHeader(ApiKeys.DESCRIBE_CLUSTER, (short) 1, "c", 1)),
                unauthenticated).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(reply).isInstanceOf(Reply.Close.class);
    }

    @Test
    void anObserverIsToldOfEachServedRequestWithTheErrorsOfItsAnswer() throws Exception {
        ControlledHandler controlled = new ControlledHandler();
        List<String> observed = new java.util.concurrent.CopyOnWriteArrayList<>();
        KafkaApis apis = KafkaApis.of(List.of(controlled))
                .observedBy((api, nanos, errors) -> observed.add(api + " " + errors + (nanos >= 0 ? "" : " negative time")));
        DescribeClusterRequest request = new DescribeClusterRequest.Builder(new DescribeClusterRequestData()).build((short) 1);

        CompletableFuture<Reply> clean = apis.handle(request.serializeWithHeader(
                new RequestHeader(ApiKeys.DESCRIBE_CLUSTER, (short) 1, "c", 1)), ANONYMOUS).toCompletableFuture();
        controlled.complete(0, "cluster");
        clean.get(5, TimeUnit.SECONDS);
        CompletableFuture<Reply> failed = apis.handle(request.serializeWithHeader(
                new RequestHeader(ApiKeys.DESCRIBE_CLUSTER, (short) 1, "c", 2)), ANONYMOUS).toCompletableFuture();
        controlled.fail(1, new StrataException(ErrorCode.REQUEST_TIMED_OUT, "slow"));
        failed.get(5, TimeUnit.SECONDS);
        apis.handle(ByteBuffer.wrap(new byte[] {0x7f, 0x7f, 0, 0}), ANONYMOUS).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(observed).as("a frame refused before any handler ran is not a served request")
                .containsExactly("DESCRIBE_CLUSTER {}", "DESCRIBE_CLUSTER {REQUEST_TIMED_OUT=1}");
    }
}
