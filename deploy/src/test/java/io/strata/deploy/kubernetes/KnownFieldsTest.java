package io.strata.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every field of every manifest is one fabric8's Kubernetes model knows. No API server can run
 * here to refuse a misspelt or misplaced field, and the model would keep it aside silently.
 */
class KnownFieldsTest {

    @ParameterizedTest
    @EnumSource(Variant.class)
    void everyFieldIsKnownToTheKubernetesModel(Variant variant) {
        assertThat(variant.manifests().resources()).allSatisfy(resource ->
                assertThat(UnknownFields.in(resource)).as(resource.getKind() + "/" + resource.getMetadata().getName())
                        .isEmpty());
    }

    @Test
    void aMisspeltFieldIsFoundWithItsPath() {
        HasMetadata pod = ManifestSet.parse("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: p
                spec:
                  containers:
                    - name: c
                      readinesProbe:
                        httpGet:
                          path: /q/health/ready
                """).resources().get(0);

        assertThat(UnknownFields.in(pod)).containsExactly("Pod.Spec.Containers[0].readinesProbe");
    }
}
