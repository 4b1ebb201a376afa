package io.strata.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dev overlay as kustomize renders it: the base plus a small PostgreSQL in the cluster and the
 * generated Secret both it and the services read (so the database the services are pointed at is
 * the one created with that user and password), and Strata's images tagged.
 */
class DevOverlayTest {

    @Test
    void itAddsPostgresAndTheDatabaseSecretToTheBase() {
        List<String> objects = Variant.DEV.manifests().kindsAndNames();

        assertThat(objects).filteredOn(o -> !Variant.BASE.manifests().kindsAndNames().contains(o))
                .containsExactlyInAnyOrder("Secret/" + secret().getMetadata().getName(), "Service/postgres",
                        "StatefulSet/postgres");
        assertThat(objects).containsAll(Variant.BASE.manifests().kindsAndNames());
        assertThat(secret().getMetadata().getName()).matches("strata-database-[a-z0-9]{10}");
    }

    @Test
    void theSecretPointsTheServicesAtThatPostgres() {
        Map<String, String> data = decoded(secret());

        assertThat(data).isEqualTo(Map.of("url", "jdbc:postgresql://postgres:5432/strata", "username", "strata",
                "password", "strata-dev-only"));
        assertThat(Variant.DEV.manifests().service("postgres").getSpec().getPorts().get(0).getPort()).isEqualTo(5432);
    }

    @Test
    void postgresIsCreatedWithTheSecretsUserAndPassword() {
        Workload postgres = Variant.DEV.manifests().workload("postgres");
        Container container = postgres.container();

        assertThat(container.getImage()).isEqualTo("postgres:17");
        // The official image's variables (https://hub.docker.com/_/postgres), not Strata settings.
        assertThat(postgres.envNames()).containsExactly("POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD", "PGDATA");
        assertThat(postgres.env("POSTGRES_DB").getValue()).isEqualTo("strata");
        assertSecretKey(postgres.env("POSTGRES_USER"), "username");
        assertSecretKey(postgres.env("POSTGRES_PASSWORD"), "password");
        assertThat(postgres.env("PGDATA").getValue()).isEqualTo("/var/lib/postgresql/data/pgdata");
        assertThat(container.getReadinessProbe().getExec().getCommand())
                .containsExactly("pg_isready", "-h", "127.0.0.1", "-p", "5432");
        assertThat(postgres.pod().getSecurityContext().getRunAsUser()).isEqualTo(999L);
    }

    @Test
    void postgresKeepsItsDataOnAClaim() {
        StatefulSet postgres = Variant.DEV.manifests().statefulSet("postgres");

        assertThat(postgres.getSpec().getVolumeClaimTemplates()).singleElement().satisfies(claim -> {
            assertThat(claim.getMetadata().getName()).isEqualTo("data");
            assertThat(claim.getSpec().getResources().getRequests()).isEqualTo(Map.of("storage", new Quantity("1Gi")));
        });
        assertThat(Variant.DEV.manifests().workload("postgres").container().getVolumeMounts())
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/var/lib/postgresql/data"));
    }

    @Test
    void strataImagesAreTagged() {
        assertThat(Variant.DEV.manifests().strataWorkloads()).extracting(w -> w.container().getImage())
                .containsExactly("strata/partition-node:0.1.0-SNAPSHOT", "strata/metadata-service:0.1.0-SNAPSHOT",
                        "strata/group-coordinator:0.1.0-SNAPSHOT", "strata/gateway:0.1.0-SNAPSHOT");
    }

    private static Secret secret() {
        List<Secret> secrets = Variant.DEV.manifests().secrets();
        assertThat(secrets).hasSize(1);
        return secrets.get(0);
    }

    private static void assertSecretKey(EnvVar env, String key) {
        assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo(secret().getMetadata().getName());
        assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(key);
    }

    private static Map<String, String> decoded(Secret secret) {
        Map<String, String> decoded = new TreeMap<>();
        secret.getData().forEach((key, value) ->
                decoded.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
        return decoded;
    }
}
