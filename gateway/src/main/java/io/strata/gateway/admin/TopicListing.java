package io.strata.gateway.admin;

import io.strata.api.error.StrataException;
import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.v1.ErrorCode;
import io.strata.api.v1.NodeDescription;
import io.strata.api.v1.NodeState;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.TopicDescription;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The topic list cut from the gateway's own metadata view (the one {@code WatchMetadata} keeps
 * current and requests are routed by), so that listing 10,000 topics asks the metadata service
 * nothing. A change made through this gateway answers only once the view holds it (see
 * {@link AdminService}), so a list read after it shows it.
 *
 * <p>Health counts, as the console defines them: a partition is under-replicated while its ISR is
 * smaller than its replica set, offline while it has no leader or its leader is not a node the view
 * holds UP. Pure.
 */
public final class TopicListing {

    private TopicListing() {
    }

    /** One topic without its partitions. */
    public record Summary(TopicDescription topic, int partitionsCount, int underReplicated, int offline) {
    }

    /** One page: the topics on it, and how many match in all. */
    public record Page(List<Summary> shown, int total, int page, int pages, long metadataVersion) {
    }

    /** Every topic, by name. */
    public static List<Summary> all(ClusterMetadata view) {
        Set<Integer> up = upNodes(initialized(view).nodes());
        return view.topics().values().stream().sorted(Comparator.comparing(TopicDescription::getName))
                .map(t -> summary(t, up)).toList();
    }

    /** The page {@code query} asks for; a page past the last one is the last. */
    public static Page page(ClusterMetadata view, TopicListQuery query) {
        Set<Integer> up = upNodes(initialized(view).nodes());
        String needle = query.search().toLowerCase(Locale.ROOT);
        Comparator<Summary> byName = Comparator.comparing(s -> s.topic().getName());
        Comparator<Summary> order = order(query.sort());
        order = (query.descending() ? order.reversed() : order).thenComparing(byName);
        List<Summary> matching = view.topics().values().stream()
                .filter(t -> needle.isEmpty() || t.getName().toLowerCase(Locale.ROOT).contains(needle))
                .map(t -> summary(t, up))
                .sorted(order)
                .toList();
        int pages = Math.max(1, (matching.size() + query.size() - 1) / query.size());
        int page = Math.min(query.page(), pages);
        int from = Math.min((page - 1) * query.size(), matching.size());
        List<Summary> shown = matching.subList(from, Math.min(from + query.size(), matching.size()));
        return new Page(List.copyOf(shown), matching.size(), page, pages, view.version());
    }

    static Summary summary(TopicDescription topic, Set<Integer> up) {
        int under = 0;
        int offline = 0;
        for (PartitionDescription p : topic.getPartitionsList()) {
            under += p.getIsrCount() < p.getReplicasCount() ? 1 : 0;
            offline += p.getLeader() < 0 || !up.contains(p.getLeader()) ? 1 : 0;
        }
        return new Summary(topic, topic.getPartitionsCount(), under, offline);
    }

    private static Comparator<Summary> order(String sort) {
        return switch (sort) {
            case "partitions" -> Comparator.comparingInt(Summary::partitionsCount);
            case "replication" -> Comparator.comparingInt(s -> s.topic().getReplicationFactor());
            case "under_replicated" -> Comparator.comparingInt(Summary::underReplicated);
            case "offline" -> Comparator.comparingInt(Summary::offline);
            default -> Comparator.comparing(s -> s.topic().getName());
        };
    }

    private static Set<Integer> upNodes(Map<Integer, NodeDescription> nodes) {
        Set<Integer> up = new HashSet<>();
        nodes.values().forEach(n -> {
            if (n.getState() == NodeState.NODE_STATE_UP) {
                up.add(n.getNodeId());
            }
        });
        return up;
    }

    private static ClusterMetadata initialized(ClusterMetadata view) {
        if (!view.initialized()) {
            throw new StrataException(ErrorCode.LEADER_NOT_AVAILABLE,
                    "the gateway has not yet received the cluster metadata from the metadata service");
        }
        return view;
    }
}
