package io.strata.gateway.admin;

import io.strata.api.error.StrataException;
import io.strata.api.metadata.ClusterMetadata;
import io.strata.api.v1.ControllerDescription;
import io.strata.api.v1.NodeDescription;
import io.strata.api.v1.NodeState;
import io.strata.api.v1.PartitionDescription;
import io.strata.api.v1.TopicDescription;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicListingTest {

    /** A topic whose partitions are led by {@code leaders}; a negative leader has an ISR of one of two replicas. */
    private static TopicDescription topic(String name, int... leaders) {
        TopicDescription.Builder topic = TopicDescription.newBuilder().setName(name).setTopicId(name + "-id").setReplicationFactor(2);
        for (int p = 0; p < leaders.length; p++) {
            PartitionDescription.Builder partition = PartitionDescription.newBuilder().setPartition(p).setLeader(leaders[p])
                    .addReplicas(1).addReplicas(2).addIsr(1);
            if (leaders[p] >= 0) {
                partition.addIsr(2);
            }
            topic.addPartitions(partition);
        }
        return topic.build();
    }

    private static final ClusterMetadata VIEW = view(topic("orders", 1, 2, 2), topic("payments", 1), topic("audit", -1, 3),
            topic("Order-archive", 1, 1));

    private static ClusterMetadata view(TopicDescription... topics) {
        Map<String, TopicDescription> byName = new HashMap<>();
        for (TopicDescription t : topics) {
            byName.put(t.getName(), t);
        }
        Map<Integer, NodeDescription> nodes = Map.of(
                1, NodeDescription.newBuilder().setNodeId(1).setState(NodeState.NODE_STATE_UP).build(),
                2, NodeDescription.newBuilder().setNodeId(2).setState(NodeState.NODE_STATE_UP).build(),
                3, NodeDescription.newBuilder().setNodeId(3).setState(NodeState.NODE_STATE_DOWN).build());
        return new ClusterMetadata(42, true, byName, nodes, ControllerDescription.newBuilder().setNodeId(1).build());
    }

    private static TopicListQuery query(String q, String sort, String dir, String page, String size) {
        return TopicListQuery.parse(q, sort, dir, page, size, "summary", 100);
    }

    private static List<String> names(TopicListing.Page page) {
        return page.shown().stream().map(s -> s.topic().getName()).toList();
    }

    @Test
    void everyTopicByNameWithHealthCounts() {
        List<TopicListing.Summary> all = TopicListing.all(VIEW);
        assertThat(all).extracting(s -> s.topic().getName()).containsExactly("Order-archive", "audit", "orders", "payments");
        TopicListing.Summary audit = all.get(1);
        assertThat(audit.partitionsCount()).isEqualTo(2);
        assertThat(audit.underReplicated()).isEqualTo(1); // the leaderless one's ISR is short
        assertThat(audit.offline()).isEqualTo(2);          // no leader, and a leader that is DOWN
    }

    @Test
    void searchIsACaseInsensitiveSubstringAndSortTiesBreakByName() {
        TopicListing.Page page = TopicListing.page(VIEW, query("ORDER", "partitions", "desc", null, null));
        assertThat(names(page)).containsExactly("orders", "Order-archive");
        assertThat(page.total()).isEqualTo(2);
        assertThat(page.metadataVersion()).isEqualTo(42);

        assertThat(names(TopicListing.page(VIEW, query(null, "offline", "desc", null, null))))
                .containsExactly("audit", "Order-archive", "orders", "payments");
    }

    @Test
    void pagesAreCutAfterSortingAndAPagePastTheLastIsTheLast() {
        TopicListing.Page second = TopicListing.page(VIEW, query(null, null, null, "2", "3"));
        assertThat(names(second)).containsExactly("payments");
        assertThat(second.pages()).isEqualTo(2);
        TopicListing.Page beyond = TopicListing.page(VIEW, query(null, null, null, "9", "3"));
        assertThat(beyond.page()).isEqualTo(2);
        assertThat(names(beyond)).containsExactly("payments");
    }

    @Test
    void noParametersMeansTheOriginalUnpagedAnswer() {
        TopicListQuery plain = TopicListQuery.parse(null, null, null, null, null, null, 100);
        assertThat(plain.paged()).isFalse();
        assertThat(plain.summary()).isFalse();
        assertThat(TopicListQuery.parse(null, null, null, null, null, "summary", 100).paged()).isFalse();
        assertThat(TopicListQuery.parse(null, null, null, "1", null, null, 100).paged()).isTrue();
    }

    @Test
    void badParametersAreRefusedNamingThem() {
        assertThatThrownBy(() -> query(null, "size", null, null, null)).isInstanceOf(StrataException.class)
                .hasMessageContaining("sort: unknown sort key 'size'");
        assertThatThrownBy(() -> query(null, null, "up", null, null)).hasMessageContaining("dir: must be asc or desc");
        assertThatThrownBy(() -> query(null, null, null, "0", null)).hasMessageContaining("page: must be a whole number");
        assertThatThrownBy(() -> query(null, null, null, null, "101")).hasMessageContaining("admin-list-max-page-size");
        assertThatThrownBy(() -> TopicListQuery.parse(null, null, null, null, null, "partitions", 100))
                .hasMessageContaining("fields: must be all or summary");
    }

    @Test
    void beforeTheFirstSnapshotTheListIsNotAvailable() {
        assertThatThrownBy(() -> TopicListing.all(ClusterMetadata.EMPTY)).hasMessageContaining("not yet received");
    }
}
