package io.strata.gateway.fetch;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.strata.api.identity.SecurityConfig;
import io.strata.api.tls.InternalChannels;
import io.strata.deploy.tls.LocalCertificates;
import io.strata.gateway.config.GatewayConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the gateway offers consumers the leaders' addresses: each condition alone refuses it and is
 * named, the first one found is named when several hold, and the settings read are the ones the
 * README names (through the real config mappings, the environment variable included).
 */
class DirectFetchOfferTest {

    private static final String SECRET = "a-cluster-secret-of-32-characters";

    @TempDir
    Path dir;

    @Test
    void offeredOnlyWhenOnAndNothingMustStayBehindTheGateway() {
        DirectFetchOffer offer = DirectFetchOffer.decide(true, false, false, false, false);

        assertThat(offer.offered()).isTrue();
        assertThat(offer.refusal()).isEmpty();
        assertThat(offer.describe()).isEqualTo("FetchPartitions answers name the leaders' addresses"
                + " (strata.gateway.direct-fetch): the Java client reads from the leaders directly");
    }

    @Test
    void eachConditionAloneRefusesItNamingItself() {
        assertRefused(DirectFetchOffer.decide(false, false, false, false, false), "strata.gateway.direct-fetch is false");
        assertRefused(DirectFetchOffer.decide(true, true, false, false, false),
                "strata.gateway.auth.enabled is true: every read must pass the gateway's authentication");
        assertRefused(DirectFetchOffer.decide(true, false, true, false, false),
                "strata.gateway.acl.enabled is true: every read must pass the gateway's ACLs");
        assertRefused(DirectFetchOffer.decide(true, false, false, true, false),
                "strata.security.cluster-secret is set: the nodes refuse calls without the cluster credential");
        assertRefused(DirectFetchOffer.decide(true, false, false, false, true),
                "strata.tls.ca-file is set: the nodes speak TLS, and the client would have to trust their certificates");
    }

    @Test
    void withSeveralReasonsTheFirstIsNamed() {
        assertThat(DirectFetchOffer.decide(false, true, true, true, true).refusal()).hasValueSatisfying(
                reason -> assertThat(reason).startsWith("strata.gateway.direct-fetch"));
        assertThat(DirectFetchOffer.decide(true, true, true, true, true).refusal()).hasValueSatisfying(
                reason -> assertThat(reason).startsWith("strata.gateway.auth.enabled"));
        assertThat(DirectFetchOffer.decide(true, false, true, true, true).refusal()).hasValueSatisfying(
                reason -> assertThat(reason).startsWith("strata.gateway.acl.enabled"));
        assertThat(DirectFetchOffer.decide(true, false, false, true, true).refusal()).hasValueSatisfying(
                reason -> assertThat(reason).startsWith("strata.security.cluster-secret"));
        assertThat(DirectFetchOffer.decide(true, false, false, false, true).describe()).isEqualTo(
                "FetchPartitions answers name no leader addresses (strata.tls.ca-file is set: the nodes speak TLS,"
                        + " and the client would have to trust their certificates); consumers read through the gateway");
    }

    @Test
    void theGatewaysSettingsAreReadAsNamed() {
        InternalChannels plaintext = InternalChannels.plaintext();
        assertThat(offerOf(Map.of(), Map.of(), plaintext).offered()).as("the defaults").isTrue();
        assertThat(offerOf(Map.of("strata.security.cluster-secret", ""), Map.of(), plaintext).offered())
                .as("an empty secret is no secret").isTrue();

        assertRefused(offerOf(Map.of("strata.gateway.direct-fetch", "false"), Map.of(), plaintext), "strata.gateway.direct-fetch is false");
        assertRefused(offerOf(Map.of(), Map.of("STRATA_GATEWAY_DIRECT_FETCH", "false"), plaintext), "strata.gateway.direct-fetch is false");
        assertThat(offerOf(Map.of("strata.gateway.auth.enabled", "true"), Map.of(), plaintext).refusal())
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("strata.gateway.auth.enabled"));
        assertThat(offerOf(Map.of("strata.gateway.acl.enabled", "true"), Map.of(), plaintext).refusal())
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("strata.gateway.acl.enabled"));
        assertThat(offerOf(Map.of(), Map.of("STRATA_SECURITY_CLUSTER_SECRET", SECRET), plaintext).refusal())
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("strata.security.cluster-secret"));
    }

    @Test
    void channelsToTheNodesOverTlsRefuseIt() {
        LocalCertificates certificates = new LocalCertificates(dir);
        certificates.ensure(List.of());

        assertThat(offerOf(Map.of(), Map.of(), InternalChannels.withCa(certificates.caFile())).refusal())
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("strata.tls.ca-file"));
    }

    private static void assertRefused(DirectFetchOffer offer, String reason) {
        assertThat(offer.offered()).isFalse();
        assertThat(offer.refusal()).contains(reason);
        assertThat(offer.describe()).contains("(" + reason + ")");
    }

    /** The decision of a gateway started with these properties and environment variables. */
    private static DirectFetchOffer offerOf(Map<String, String> properties, Map<String, String> environment,
                                            InternalChannels nodeChannels) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test properties", 400))
                .withSources(new EnvConfigSource(environment, 300))
                .withConverter(Duration.class, 100, new DurationConverter()) // "30s", as Quarkus reads it
                .withMapping(GatewayConfig.class).withMapping(SecurityConfig.class)
                .build();
        return DirectFetchOffer.of(config.getConfigMapping(GatewayConfig.class), config.getConfigMapping(SecurityConfig.class),
                nodeChannels);
    }
}
