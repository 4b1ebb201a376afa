package io.strata.deploy.kubernetes;

import io.strata.deploy.launcher.StrataBuild;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The base kustomization: it lists every manifest file beside it (a file left out would silently
 * not be deployed), it holds exactly the objects the README describes, its image names are
 * Strata's and get the project's version as their tag, and kustomize renders it to the same objects.
 */
class BaseKustomizationTest {

    private static final List<String> OBJECTS = List.of(
            "Service/partition-node", "StatefulSet/partition-node", "PodDisruptionBudget/partition-node",
            "Service/metadata-service", "Deployment/metadata-service", "PodDisruptionBudget/metadata-service",
            "Service/group-coordinator", "Deployment/group-coordinator",
            "Service/gateway", "Deployment/gateway", "PodDisruptionBudget/gateway");

    @Test
    void everyManifestFileOfTheBaseIsListedInItsKustomization() throws IOException {
        Path base = Variant.BASE.dir();
        try (Stream<Path> files = Files.list(base)) {
            List<String> manifests = files.map(f -> f.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml"))
                    .toList();
            assertThat(Kustomization.read(base).resources()).containsExactlyInAnyOrderElementsOf(manifests);
        }
    }

    @Test
    void theBaseHoldsTheServicesTheirServicesAndDisruptionBudgets() {
        assertThat(Variant.BASE.manifests().kindsAndNames()).containsExactlyElementsOf(OBJECTS);
    }

    @Test
    void imagesAreStratasNamedByModuleAndTaggedWithTheProjectVersion() throws IOException {
        ManifestSet base = Variant.BASE.manifests();
        for (Workload workload : base.strataWorkloads()) {
            assertThat(workload.container().getImage()).isEqualTo("strata/" + workload.name());
        }
        String version = projectVersion();
        assertThat(version).isEqualTo("0.1.0-SNAPSHOT");
        assertThat(Kustomization.read(Variant.BASE.dir()).imageTags()).isEqualTo(Map.of(
                "strata/partition-node", version, "strata/metadata-service", version,
                "strata/group-coordinator", version, "strata/gateway", version));
    }

    @Test
    void kustomizeRendersTheSameObjectsWithTaggedImages() {
        assumeTrue(Kubectl.onPath().isPresent(), "kubectl is not on the PATH: the base is not rendered with kustomize");
        ManifestSet rendered = ManifestSet.parse(Kubectl.onPath().orElseThrow().kustomize(Variant.BASE.dir()));

        assertThat(rendered.kindsAndNames()).containsExactlyInAnyOrderElementsOf(OBJECTS);
        assertThat(rendered.workload("gateway").container().getImage()).isEqualTo("strata/gateway:0.1.0-SNAPSHOT");
        assertThat(rendered.resources()).allSatisfy(r ->
                assertThat(r.getMetadata().getLabels()).containsEntry("app.kubernetes.io/part-of", "strata"));
    }

    /** The version in the root pom (the first {@code <version>} after the artifactId strata-parent). */
    private static String projectVersion() throws IOException {
        String pom = Files.readString(StrataBuild.root().resolve("pom.xml"));
        int artifact = pom.indexOf("<artifactId>strata-parent</artifactId>");
        int start = pom.indexOf("<version>", artifact) + "<version>".length();
        return pom.substring(start, pom.indexOf("</version>", start));
    }
}
