package io.strata.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the services may write, since every root file system is read-only: each partition node's
 * data directory is on a volume of its own (a claim template, kept when the StatefulSet is
 * deleted or scaled down, so no data is lost by accident), every Strata container has an emptyDir
 * at /tmp (Vert.x's file cache and uploads), and every mount names a volume that exists.
 */
class VolumesTest {

    private static final Map<Variant, String> NODE_STORAGE = Map.of(
            Variant.BASE, "10Gi", Variant.DEV, "1Gi", Variant.PRODUCTION, "200Gi");

    @ParameterizedTest
    @EnumSource(Variant.class)
    void eachPartitionNodeHasAClaimOfItsOwnKeptOnDeleteAndScaleDown(Variant variant) {
        StatefulSetSpec spec = variant.manifests().statefulSet("partition-node").getSpec();
        List<PersistentVolumeClaim> claims = spec.getVolumeClaimTemplates();

        assertThat(claims).hasSize(1);
        PersistentVolumeClaim data = claims.get(0);
        assertThat(data.getMetadata().getName()).isEqualTo("data");
        assertThat(data.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(data.getSpec().getResources().getRequests())
                .isEqualTo(Map.of("storage", new Quantity(NODE_STORAGE.get(variant))));
        assertThat(spec.getPersistentVolumeClaimRetentionPolicy().getWhenDeleted()).isEqualTo("Retain");
        assertThat(spec.getPersistentVolumeClaimRetentionPolicy().getWhenScaled()).isEqualTo("Retain");
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void theDataDirectoryIsOnTheClaimInASubdirectory(Variant variant) {
        Workload node = variant.manifests().workload("partition-node");

        assertThat(mountPath(node, "data")).isEqualTo("/var/lib/strata");
        assertThat(node.env("STRATA_NODE_DATA_DIR").getValue())
                .as("below the mount: the volume's root may hold lost+found")
                .isEqualTo("/var/lib/strata/data");
        assertThat(node.pod().getSecurityContext().getFsGroup()).isEqualTo(185L);
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void everyStrataContainerHasAWritableTmp(Variant variant) {
        for (Workload workload : variant.manifests().strataWorkloads()) {
            assertThat(mountPath(workload, "tmp")).as(workload.name()).isEqualTo("/tmp");
            Volume tmp = workload.pod().getVolumes().stream().filter(v -> v.getName().equals("tmp")).findFirst()
                    .orElseThrow();
            assertThat(tmp.getEmptyDir().getSizeLimit()).as(workload.name()).isEqualTo(new Quantity("256Mi"));
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void everyMountNamesAVolumeOrClaimOfItsPod(Variant variant) {
        ManifestSet manifests = variant.manifests();
        for (Workload workload : manifests.workloads()) {
            Set<String> volumes = new HashSet<>();
            workload.pod().getVolumes().forEach(v -> volumes.add(v.getName()));
            manifests.find(StatefulSet.class, workload.name())
                    .ifPresent(s -> s.getSpec().getVolumeClaimTemplates()
                            .forEach(c -> volumes.add(c.getMetadata().getName())));
            assertThat(workload.container().getVolumeMounts()).extracting(VolumeMount::getName)
                    .as(workload.name()).allMatch(volumes::contains);
        }
    }

    private static String mountPath(Workload workload, String volume) {
        return workload.container().getVolumeMounts().stream()
                .filter(m -> m.getName().equals(volume))
                .map(VolumeMount::getMountPath)
                .findFirst()
                .orElseThrow(() -> new AssertionError(workload.name() + " does not mount " + volume));
    }
}
