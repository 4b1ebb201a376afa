package io.strata.connector.deployment.devservices;

import io.quarkus.deployment.IsDevServicesSupportedByLaunchMode;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;
import io.quarkus.deployment.builditem.DevServicesResultBuildItem;
import io.quarkus.deployment.dev.devservices.DevServicesConfig;
import io.strata.connector.StrataConnector;
import io.strata.connector.deployment.StrataConnectorProcessor;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dev Services for the {@code smallrye-strata} connector: in dev and test mode, when the
 * application has {@code smallrye-strata} channels and none of them has a bootstrap (not for the
 * connector, not as {@code strata.bootstrap.servers}, not per channel), a local Strata cluster
 * ({@link StrataDevCluster}) is started as processes from the installation in
 * {@code quarkus.strata.devservices.home} or {@code STRATA_HOME}, and the connector's bootstrap
 * points at its gateway. Quarkus owns the cluster: it starts it before the application and stops
 * it when the tests are done or dev mode ends (the cluster's own shutdown hook covers a JVM that
 * exits first, as on Ctrl-C), and is meant to keep it across live reloads while the
 * {@link StrataDevCluster.Settings} are equal.
 */
@BuildSteps(onlyIf = {IsDevServicesSupportedByLaunchMode.class, DevServicesConfig.Enabled.class})
public class StrataDevServicesProcessor {

    /** The property the connector reads its bootstrap from, for every channel. */
    static final String BOOTSTRAP = "mp.messaging.connector." + StrataConnector.CONNECTOR_NAME + ".bootstrap.servers";

    private static final Logger LOG = Logger.getLogger(StrataDevServicesProcessor.class);
    private static final Pattern CHANNEL_CONNECTOR = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.(.+)\\.connector");

    @BuildStep
    DevServicesResultBuildItem startStrataCluster(StrataDevServicesConfig config) {
        if (!config.enabled()) {
            LOG.debug("Dev Services for Strata are disabled (quarkus.strata.devservices.enabled=false)");
            return null;
        }
        Config app = ConfigProvider.getConfig();
        Set<String> channels = strataChannels(app);
        if (channels.isEmpty()) {
            LOG.debug("Dev Services for Strata: no smallrye-strata channel, no cluster");
            return null;
        }
        Optional<String> configured = configuredBootstrap(app, channels);
        if (configured.isPresent()) {
            LOG.debugf("Dev Services for Strata: not started, %s is configured", configured.get());
            return null;
        }
        Optional<Path> home = home(config);
        if (home.isEmpty()) {
            LOG.infof("Dev Services for Strata: no cluster started for channels %s (no bootstrap configured): set "
                    + "quarkus.strata.devservices.home or the environment variable %s to a Strata checkout built with "
                    + "./mvnw package -DskipTests, or set %s", channels, StrataDevServicesConfig.HOME_ENV, BOOTSTRAP);
            return null;
        }
        StrataDevCluster.Settings settings = new StrataDevCluster.Settings(home.get(), config.adminUi(),
                config.startTimeout(), Map.copyOf(config.topicPartitions()));
        return DevServicesResultBuildItem.owned()
                .feature(StrataConnectorProcessor.FEATURE)
                .serviceName(StrataConnector.CONNECTOR_NAME)
                .serviceConfig(settings)
                .description("A local Strata cluster (processes from " + home.get() + ")")
                .startable(() -> new StrataDevCluster(settings))
                .postStartHook(StrataDevCluster::createTopics)
                .configProvider(Map.of(BOOTSTRAP, StrataDevCluster::getConnectionInfo))
                .build();
    }

    /** The channels whose connector is {@code smallrye-strata}, by name. */
    static Set<String> strataChannels(Config app) {
        Set<String> channels = new TreeSet<>();
        for (String name : app.getPropertyNames()) {
            Matcher matcher = CHANNEL_CONNECTOR.matcher(name);
            if (matcher.matches() && app.getOptionalValue(name, String.class).filter(StrataConnector.CONNECTOR_NAME::equals).isPresent()) {
                channels.add("mp.messaging." + matcher.group(1) + "." + matcher.group(2));
            }
        }
        return channels;
    }

    /** The first bootstrap property that is set: the connector's, the global alias, or a channel's. */
    static Optional<String> configuredBootstrap(Config app, Set<String> channels) {
        Set<String> candidates = new TreeSet<>(Set.of(BOOTSTRAP, "strata.bootstrap.servers"));
        channels.forEach(channel -> candidates.add(channel + ".bootstrap.servers"));
        return candidates.stream().filter(name -> app.getOptionalValue(name, String.class).isPresent()).findFirst();
    }

    /** {@code home}, else {@code STRATA_HOME}; fails naming the setting when it is not a built Strata installation. */
    private static Optional<Path> home(StrataDevServicesConfig config) {
        Optional<Path> home = config.home().or(() -> Optional.ofNullable(System.getenv(StrataDevServicesConfig.HOME_ENV))
                .filter(value -> !value.isBlank()).map(Path::of));
        home.ifPresent(dir -> {
            String source = config.home().isPresent() ? "quarkus.strata.devservices.home" : StrataDevServicesConfig.HOME_ENV;
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException(source + "=" + dir + " is not a directory (a Strata checkout built with ./mvnw package -DskipTests)");
            }
            StrataDevCluster.requireBuilt(dir, source);
        });
        return home.map(dir -> dir.toAbsolutePath().normalize());
    }
}
