package io.strata.deploy.compose;

import io.strata.deploy.images.Containerfile;
import io.strata.deploy.kubernetes.ServiceSettings;
import io.strata.deploy.launcher.StrataBuild;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy/compose/compose.yaml}, parsed (SnakeYAML resolves its {@code <<} merge keys as
 * compose does): the whole cluster from the project's images, every environment name one the
 * service reads, every URL naming a service of the file and its port, the partition nodes with
 * distinct ids, one raft group and a volume each, and host ports published on 127.0.0.1 only.
 * No compose tool runs here (and no registry serves the PostgreSQL image); ImagesIT runs the
 * same images with podman.
 */
class ComposeFileTest {

    private static final String IMAGE_PREFIX = "localhost/strata/";
    private static final String TAG = ":${STRATA_IMAGE_TAG:-0.1.0-SNAPSHOT}";

    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(
                StrataBuild.root().resolve("deploy/compose/compose.yaml")));
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void itRunsTheWholeClusterFromTheProjectsImages() {
        assertThat(services.keySet()).containsExactly("postgres", "metadata-service", "partition-node-1",
                "partition-node-2", "partition-node-3", "group-coordinator", "gateway", "admin-ui");
        for (String name : strataServices()) {
            assertThat(services.get(name).get("image")).as(name).isEqualTo(IMAGE_PREFIX + module(name) + TAG);
            assertThat(services.get(name)).as(name).containsEntry("read_only", true)
                    .containsEntry("tmpfs", List.of("/tmp"));
        }
        assertThat(Containerfile.SERVICES).containsExactlyInAnyOrderElementsOf(
                strataServices().stream().map(ComposeFileTest::module).distinct().toList());
    }

    @Test
    void everyEnvironmentNameIsOneTheServiceReads() {
        for (String name : strataServices()) {
            Set<String> read = new TreeSet<>(ServiceSettings.of(module(name)).envNames());
            read.add("QUARKUS_HTTP_PORT");
            assertThat(environment(name).keySet()).as(name).isNotEmpty().isSubsetOf(read);
        }
    }

    @Test
    void everyUrlNamesAServiceOfTheFileAndItsPort() {
        for (String name : strataServices()) {
            environment(name).forEach((key, value) -> {
                if (key.endsWith("_URL") && value.startsWith("http")) {
                    URI url = URI.create(value);
                    assertThat(services).as(key + " of " + name).containsKey(url.getHost());
                    assertThat(url.getPort()).as(key + " of " + name)
                            .isEqualTo(Containerfile.of(module(url.getHost())).httpPort());
                }
            });
        }
        assertThat(environment("admin-ui")).containsEntry("STRATA_ADMIN_UI_GATEWAY", "http://gateway:8080");
        assertThat(environment("metadata-service").get("STRATA_DATABASE_URL"))
                .isEqualTo("jdbc:postgresql://postgres:5432/strata");
    }

    @Test
    void thePartitionNodesAreOneRaftGroupWithAVolumeEach() {
        String members = "1@partition-node-1:7800,2@partition-node-2:7800,3@partition-node-3:7800";
        for (int node = 1; node <= 3; node++) {
            String name = "partition-node-" + node;
            assertThat(environment(name)).as(name).containsEntry("STRATA_NODE_ID", Integer.toString(node))
                    .containsEntry("STRATA_NODE_ADVERTISED_HOST", name)
                    .containsEntry("STRATA_NODE_RAFT_MEMBERS", members);
            assertThat(services.get(name).get("volumes")).as(name).isEqualTo(List.of("node-" + node + ":/var/lib/strata"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void hostPortsArePublishedOnLoopbackAndDependenciesExist() {
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            for (Object port : (List<Object>) service.getValue().getOrDefault("ports", List.of())) {
                assertThat(port.toString()).as(service.getKey()).startsWith("127.0.0.1:");
            }
            Map<String, Object> dependsOn = (Map<String, Object>) service.getValue().getOrDefault("depends_on", Map.of());
            assertThat(services.keySet()).as(service.getKey()).containsAll(dependsOn.keySet());
        }
    }

    private static List<String> strataServices() {
        List<String> names = new ArrayList<>(services.keySet());
        names.remove("postgres");
        return names;
    }

    /** The image module of a compose service: partition-node-N runs partition-node. */
    private static String module(String name) {
        return name.replaceFirst("^partition-node-\\d+$", "partition-node");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(String name) {
        Map<String, Object> environment = (Map<String, Object>) services.get(name).getOrDefault("environment", Map.of());
        Map<String, String> strings = new LinkedHashMap<>();
        environment.forEach((key, value) -> strings.put(key, String.valueOf(value)));
        return strings;
    }
}
