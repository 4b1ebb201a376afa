package io.strata.connector.deployment.devservices;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Dev Services for Strata: a local cluster started as processes in dev and test mode when no
 * {@code smallrye-strata} channel names a bootstrap. Build-time configuration (read when the
 * application is built for dev or test mode); each property is documented in the connector's
 * README.
 */
@ConfigMapping(prefix = "quarkus.strata.devservices")
@ConfigRoot(phase = ConfigPhase.BUILD_TIME)
public interface StrataDevServicesConfig {

    /** The environment variable naming the Strata installation when {@code home} is not set. */
    String HOME_ENV = "STRATA_HOME";

    /**
     * Whether a local cluster starts when no bootstrap is configured (it never starts when one is,
     * nor in prod mode, nor when {@code quarkus.devservices.enabled=false}).
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * The Strata installation the cluster's services run from: a checkout built with
     * {@code ./mvnw package -DskipTests} (the directory holding {@code ./strata}). When not set,
     * the environment variable {@code STRATA_HOME}; when neither is set, nothing starts.
     */
    Optional<Path> home();

    /**
     * Topics created once the cluster is up, name → partition count (replication factor 1), as
     * {@code quarkus.kafka.devservices.topic-partitions} does for Kafka.
     */
    Map<String, Integer> topicPartitions();

    /** Whether the admin UI starts too (when it is built in the installation): one more JVM. */
    @WithDefault("true")
    boolean adminUi();

    /** How long each start stage (database, metadata, nodes, coordinator, gateway) may take to be healthy. */
    @WithDefault("180s")
    Duration startTimeout();
}
