package io.strata.kafka.admin;

import io.strata.kafka.api.KafkaApiHandler;
import io.strata.kafka.backend.BrokerThrottles;
import io.strata.kafka.backend.ControlPlane;
import io.strata.kafka.backend.UserCredentials;

import java.util.List;
import java.util.function.Consumer;

/**
 * The Kafka admin APIs a Kafka listener serves from the metadata service: topic creation and
 * deletion, partition growth, topic configs (described, altered incrementally or replaced), and
 * the cluster description. Every change is forwarded to {@link ControlPlane} and answered only
 * once this node's metadata view has reached the change's version, so the client's next Metadata
 * request sees it. Errors are reported per topic or per resource, as Kafka brokers do.
 */
public final class AdminApis {

    private AdminApis() {
    }

    /** One handler per admin API, all backed by {@code cluster}, with no dynamic per-broker configs. */
    public static List<KafkaApiHandler> handlers(ControlPlane cluster) {
        return handlers(cluster, BrokerThrottles.NONE);
    }

    /** One handler per admin API, backed by {@code cluster}; this node's replication throttles by {@code throttles}. */
    public static List<KafkaApiHandler> handlers(ControlPlane cluster, BrokerThrottles throttles) {
        return List.of(
                new CreateTopicsHandler(cluster),
                new DeleteTopicsHandler(cluster),
                new CreatePartitionsHandler(cluster),
                new DescribeConfigsHandler(cluster, throttles),
                new IncrementalAlterConfigsHandler(cluster, throttles),
                new AlterConfigsHandler(cluster),
                new DescribeClusterHandler(cluster));
    }

    /**
     * Kafka's user management: DescribeUserScramCredentials and AlterUserScramCredentials (telling
     * {@code changed} of each altered user), backed by the metadata service's credentials. The
     * client quota APIs are {@code QuotaApis}'.
     */
    public static List<KafkaApiHandler> userHandlers(UserCredentials credentials, Consumer<String> changed) {
        return List.of(
                new DescribeUserScramCredentialsHandler(credentials),
                new AlterUserScramCredentialsHandler(credentials, changed));
    }
}
