package io.strata.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL is outside the base: the metadata service and the group coordinator take the
 * database URL, user and password ({@code strata.database.*}) only from the Secret
 * strata-database, never from a literal in a manifest, and a missing Secret keeps them from
 * starting rather than letting them fall back to an embedded database. Where an overlay generates
 * the Secret (dev), kustomize's hashed name is what they refer to.
 */
class DatabaseSecretTest {

    private static final Map<String, String> KEYS = Map.of(
            "STRATA_DATABASE_URL", "url",
            "STRATA_DATABASE_USERNAME", "username",
            "STRATA_DATABASE_PASSWORD", "password");

    @ParameterizedTest
    @EnumSource(Variant.class)
    void theDatabaseSettingsComeFromTheSecret(Variant variant) {
        ManifestSet manifests = variant.manifests();
        String secretName = secretName(manifests);
        for (String service : List.of("metadata-service", "group-coordinator")) {
            Workload workload = manifests.workload(service);
            KEYS.forEach((envName, key) -> {
                EnvVar env = workload.env(envName);
                SecretKeySelector selector = env.getValueFrom().getSecretKeyRef();

                assertThat(env.getValue()).as(service + " " + envName).isNull();
                assertThat(selector.getName()).as(service + " " + envName).isEqualTo(secretName);
                assertThat(selector.getKey()).as(service + " " + envName).isEqualTo(key);
                assertThat(selector.getOptional()).as(service + " " + envName).isNotEqualTo(Boolean.TRUE);
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void noOtherServiceIsGivenTheDatabase(Variant variant) {
        for (String service : List.of("partition-node", "gateway")) {
            assertThat(variant.manifests().workload(service).envNames()).as(service)
                    .doesNotContainAnyElementsOf(KEYS.keySet());
        }
    }

    /** The generated Secret's name where the set has one, else the name the base refers to. */
    private static String secretName(ManifestSet manifests) {
        List<Secret> secrets = manifests.secrets();
        assertThat(secrets).hasSizeLessThanOrEqualTo(1);
        return secrets.isEmpty() ? "strata-database" : secrets.get(0).getMetadata().getName();
    }
}
