package io.strata.metadata.topic;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.strata.api.v1.AlterClusterConfigsRequest;
import io.strata.api.v1.AlterClusterConfigsResponse;
import io.strata.api.v1.ClusterDefaults;
import io.strata.api.v1.MetadataChange;
import io.strata.metadata.database.ClusterState;
import io.strata.metadata.database.MetadataLog;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.SortedMap;

/**
 * The cluster-wide defaults of topic configs set at run time (AlterClusterConfigs). They live on the
 * cluster state row and travel to every node in the metadata watch, as the whole set of cluster
 * defaults ({@link TopicConfigs#clusterDefaults}: the static {@code strata.metadata.topic-defaults}
 * overridden by the dynamic ones) in the snapshot and in a {@code cluster_defaults} change.
 *
 * <p>Invariant: the stored defaults passed {@link TopicConfigs#alterDynamicDefaults} (known keys,
 * valid values, consistent across keys), and each change of them is one metadata change, committed
 * with them under the metadata lock; a refused request changes nothing and takes no version.
 */
@ApplicationScoped
public class ClusterDefaultsService {

    private final MetadataLog log;
    private final TopicConfigs topicConfigs;

    public ClusterDefaultsService(MetadataLog log, TopicConfigs topicConfigs) {
        this.log = log;
        this.topicConfigs = topicConfigs;
    }

    @WithTransaction
    public Uni<AlterClusterConfigsResponse> alter(AlterClusterConfigsRequest request) {
        return log.lock().chain(state -> {
            SortedMap<String, String> next = topicConfigs.alterDynamicDefaults(state.topicConfigDefaults,
                    request.getSetMap(), request.getDeleteList());
            ClusterDefaults defaults = describe(next);
            if (request.getValidateOnly() || next.equals(state.topicConfigDefaults)) {
                return Uni.createFrom().item(answer(defaults, state.metadataVersion));
            }
            state.topicConfigDefaults = next;
            return log.append(state, MetadataChange.newBuilder().setClusterDefaults(defaults))
                    .map(change -> answer(defaults, change.getVersion()));
        });
    }

    /** The cluster defaults every node receives, under the state's dynamic ones (for a snapshot). */
    public ClusterDefaults describe(ClusterState state) {
        return describe(state.topicConfigDefaults);
    }

    private ClusterDefaults describe(Map<String, String> dynamicDefaults) {
        return ClusterDefaults.newBuilder().putAllConfigs(topicConfigs.clusterDefaults(dynamicDefaults)).build();
    }

    private static AlterClusterConfigsResponse answer(ClusterDefaults defaults, long version) {
        return AlterClusterConfigsResponse.newBuilder().setDefaults(defaults).setMetadataVersion(version).build();
    }
}
