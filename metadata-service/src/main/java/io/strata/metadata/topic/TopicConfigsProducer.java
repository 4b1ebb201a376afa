package io.strata.metadata.topic;

import io.strata.metadata.config.MetadataConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The cluster's topic config defaults, checked once at start-up (a bad default fails the start). */
public class TopicConfigsProducer {

    @Produces
    @Singleton
    TopicConfigs topicConfigs(MetadataConfig config) {
        return TopicConfigs.withClusterDefaults(config.topicDefaults());
    }
}
