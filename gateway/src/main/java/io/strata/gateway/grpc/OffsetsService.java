package io.strata.gateway.grpc;

import io.smallrye.mutiny.Uni;
import io.strata.api.v1.ListOffsetsRequest;
import io.strata.api.v1.ListTopicOffsetsRequest;
import io.strata.api.v1.ListTopicOffsetsResponse;
import io.strata.api.v1.PartitionOffset;
import io.strata.gateway.routing.Deadline;
import io.strata.gateway.routing.MetadataCache;
import io.strata.gateway.routing.PartitionRouter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

/** ListOffsets for several partitions of a topic: one routed ListOffsets per partition, in parallel. */
@ApplicationScoped
public class OffsetsService {

    @Inject
    PartitionRouter router;
    @Inject
    MetadataCache cache;

    public Uni<ListTopicOffsetsResponse> listOffsets(ListTopicOffsetsRequest request, Deadline deadline) {
        return Uni.createFrom().deferred(() -> {
            List<Integer> partitions = new ArrayList<>(request.getPartitionsList());
            if (partitions.isEmpty()) {
                int count = cache.current().topic(request.getTopic()).getPartitionsCount();
                for (int p = 0; p < count; p++) {
                    partitions.add(p);
                }
            }
            partitions.forEach(p -> cache.current().partition(request.getTopic(), p));
            List<Uni<PartitionOffset>> each = partitions.stream().sorted().map(p -> router.call(request.getTopic(), p, deadline,
                    stub -> stub.listOffsets(ListOffsetsRequest.newBuilder().setTopic(request.getTopic()).setPartition(p)
                            .setSpec(request.getSpec()).setTimestampMs(request.getTimestampMs()).build()))
                    .map(r -> PartitionOffset.newBuilder().setPartition(p).setOffset(r.getOffset())
                            .setTimestampMs(r.getTimestampMs()).build())).toList();
            return Uni.join().all(each).andFailFast()
                    .map(offsets -> ListTopicOffsetsResponse.newBuilder().addAllOffsets(offsets).build());
        });
    }
}
