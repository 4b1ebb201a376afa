package io.strata.gateway.grpc;

import io.grpc.BindableService;
import io.quarkus.grpc.GrpcService;
import io.strata.api.v1.FetchPartitionsResponse;
import io.strata.api.v1.FetchRecordsResponse;
import io.strata.api.v1.PartitionRecords;
import io.strata.api.v1.GatewayServiceGrpc;
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
 * Serves {@code GatewayService/Fetch} and {@code FetchPartitions} (the Java client's reads) through {@link DirectUnaryRoutes}:
 * the leader's record batches are relayed from the buffer the node's answer arrived in, without the
 * heap copies of Vert.x gRPC's bridge. {@code strata.grpc.direct-answers=false} (env
 * {@code STRATA_GRPC_DIRECT_ANSWERS}) leaves Fetch to the bridge, for comparison.
 */
@ApplicationScoped
public class DirectFetchRoute {

    void install(@Observes Router router, Vertx vertx, @GrpcService Instance<BindableService> services,
                 @ConfigProperty(name = "strata.grpc.direct-answers", defaultValue = "true") boolean enabled,
                 @ConfigProperty(name = "quarkus.grpc.server.max-inbound-message-size", defaultValue = "4194304") int maxMessageBytes) {
        DirectUnaryRoutes.maybe(enabled, router, vertx, services, maxMessageBytes).ifPresent(routes -> routes
                .install(GatewayServiceGrpc.getFetchMethod().getFullMethodName(), new BytesFieldEncoder<FetchRecordsResponse>(
                        FetchRecordsResponse.getDescriptor(), FetchRecordsResponse.RECORDS_FIELD_NUMBER))
                .install(GatewayServiceGrpc.getFetchPartitionsMethod().getFullMethodName(),
                        new RepeatedBytesFieldEncoder<FetchPartitionsResponse>(FetchPartitionsResponse.getDescriptor(),
                                FetchPartitionsResponse.PARTITIONS_FIELD_NUMBER, PartitionRecords.RECORDS_FIELD_NUMBER)));
    }
}
