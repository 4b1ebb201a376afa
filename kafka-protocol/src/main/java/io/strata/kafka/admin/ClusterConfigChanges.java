package io.strata.kafka.admin;

import io.strata.api.v1.AlterClusterConfigsRequest;
import io.strata.api.v1.ConfigEntry;
import io.strata.api.v1.ConfigSource;
import io.strata.api.v1.DescribeConfigsRequest;
import io.strata.kafka.backend.ControlPlane;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.requests.DescribeConfigsResponse;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The cluster-wide dynamic broker defaults (the BROKER resource with the empty name, Kafka's
 * {@code --entity-default}) as Strata's cluster defaults of topic configs: broker-level names are
 * translated by {@link BrokerConfigNames}, and one change is one metadata-service
 * AlterClusterConfigs, answered once this node's view has reached its version (so the node applies
 * the new defaults before the client hears back). The service validates the values (with
 * validate_only too) and names what it refuses. A BROKER resource naming one broker stays static.
 *
 * <p>Stateless.
 */
final class ClusterConfigChanges {

    private final ControlPlane cluster;

    ClusterConfigChanges(ControlPlane cluster) {
        this.cluster = cluster;
    }

    /**
     * Refuses a BROKER resource naming one broker in the legacy AlterConfigs, which would replace all
     * of that broker's dynamic configs: a node's only dynamic configs are its replication throttles,
     * altered incrementally.
     */
    static void requireClusterDefault(String resourceName) {
        if (resourceName != null && !resourceName.isEmpty()) {
            throw new InvalidRequestException("broker " + resourceName + ": a broker's own configs are static in Strata"
                    + " except its replication throttles, which IncrementalAlterConfigs sets (kafka-configs --entity-type"
                    + " brokers --entity-name " + resourceName + "); alter the cluster-wide defaults with the empty broker"
                    + " name (kafka-configs --entity-type brokers --entity-default)");
        }
    }

    /** Sets and deletes cluster defaults named by broker-level names. */
    CompletionStage<Void> alter(Map<String, String> set, Set<String> delete, boolean validateOnly) {
        AlterClusterConfigsRequest.Builder request = AlterClusterConfigsRequest.newBuilder().setValidateOnly(validateOnly);
        Set<String> named = new HashSet<>();
        set.forEach((name, value) -> {
            BrokerConfigNames.Synonym synonym = BrokerConfigNames.require(name);
            requireOnce(named, synonym);
            request.putSet(synonym.topicName(), synonym.topicValue(value));
        });
        delete.forEach(name -> {
            BrokerConfigNames.Synonym synonym = BrokerConfigNames.require(name);
            requireOnce(named, synonym);
            request.addDelete(synonym.topicName());
        });
        return cluster.alterClusterConfigs(request.build())
                .thenCompose(altered -> cluster.awaitVersion(altered.getMetadataVersion()));
    }

    /** Makes {@code configs} the whole set of dynamic cluster defaults (legacy AlterConfigs). */
    CompletionStage<Void> replace(Map<String, String> configs, boolean validateOnly) {
        return describe().thenCompose(entries -> {
            Set<String> setTopicNames = new HashSet<>();
            configs.keySet().forEach(name -> setTopicNames.add(BrokerConfigNames.require(name).topicName()));
            Set<String> delete = new HashSet<>();
            for (ConfigEntry entry : entries) {
                if (entry.getSource() == ConfigSource.CONFIG_SOURCE_CLUSTER && !setTopicNames.contains(entry.getName())) {
                    delete.add(BrokerConfigNames.brokerName(entry.getName()));
                }
            }
            return alter(configs, delete, validateOnly);
        });
    }

    /** The dynamic cluster defaults under Kafka's broker-level names, as DYNAMIC_DEFAULT_BROKER_CONFIG. */
    CompletionStage<List<ConfigDescription>> describeDefaults() {
        return describe().thenApply(entries -> entries.stream()
                .filter(entry -> entry.getSource() == ConfigSource.CONFIG_SOURCE_CLUSTER)
                .map(entry -> new ConfigDescription(BrokerConfigNames.brokerName(entry.getName()), entry.getValue(), false,
                        DescribeConfigsResponse.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG.id(),
                        TopicConfigView.kafkaType(entry.getType()), entry.getDocumentation()))
                .toList());
    }

    private CompletionStage<List<ConfigEntry>> describe() {
        return cluster.describeConfigs(DescribeConfigsRequest.getDefaultInstance())
                .thenApply(described -> described.getEntriesList());
    }

    private static void requireOnce(Set<String> named, BrokerConfigNames.Synonym synonym) {
        if (!named.add(synonym.topicName())) {
            throw new InvalidConfigurationException("config '" + synonym.brokerName() + "': another name in this"
                    + " request also sets " + synonym.topicName() + "; give one");
        }
    }
}
