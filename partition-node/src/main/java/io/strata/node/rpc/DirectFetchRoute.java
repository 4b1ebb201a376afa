package io.strata.node.rpc;

import io.grpc.BindableService;
import io.quarkus.grpc.GrpcService;
import io.strata.api.v1.FetchPartitionsResponse;
import io.strata.api.v1.FetchResponse;
import io.strata.api.v1.PartitionRecords;
import io.strata.api.v1.PartitionServiceGrpc;
import io.strata.api.zerocopy.BytesFieldEncoder;
import io.strata.api.zerocopy.DirectUnaryRoutes;
import io.strata.api.zerocopy.RepeatedBytesFieldEncoder;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Serves {@code PartitionService/Fetch} and {@code FetchPartitions} (the gateway's reads) through {@link DirectUnaryRoutes}: the
 * record batches read from the log go to the socket from the buffer they were read into, without
 * the three heap copies of Vert.x gRPC's bridge. {@code strata.grpc.direct-answers=false} (env
 * {@code STRATA_GRPC_DIRECT_ANSWERS}) leaves Fetch to the bridge, for comparison.
 *
 * <p>The buffer invariant it relies on: every read allocates its own exactly-sized buffer
 * ({@code Segment#read}), which nothing writes after the read; the answer wraps it, and the buffer
 * is dropped only when Netty has written and released the answer.
 */
@ApplicationScoped
public class DirectFetchRoute {

    void install(@Observes Router router, Vertx vertx, @GrpcService Instance<BindableService> services,
                 @ConfigProperty(name = "strata.grpc.direct-answers", defaultValue = "true") boolean enabled,
                 @ConfigProperty(name = "quarkus.grpc.server.max-inbound-message-size", defaultValue = "4194304") int maxMessageBytes) {
        DirectUnaryRoutes.maybe(enabled, router, vertx, services, maxMessageBytes).ifPresent(routes -> routes
                .install(PartitionServiceGrpc.getFetchMethod().getFullMethodName(),
                        new BytesFieldEncoder<FetchResponse>(FetchResponse.getDescriptor(), FetchResponse.RECORDS_FIELD_NUMBER))
                .install(PartitionServiceGrpc.getFetchPartitionsMethod().getFullMethodName(),
                        new RepeatedBytesFieldEncoder<FetchPartitionsResponse>(FetchPartitionsResponse.getDescriptor(),
                                FetchPartitionsResponse.PARTITIONS_FIELD_NUMBER, PartitionRecords.RECORDS_FIELD_NUMBER)));
    }
}
