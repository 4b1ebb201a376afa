package io.strata.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A set of Kubernetes objects parsed from YAML into fabric8's model classes, with lookups by kind
 * and name. Parsing fails on a document that is not a known kind; {@link UnknownFields} finds
 * fields the model does not know. Immutable.
 */
final class ManifestSet {

    /** Strata's services, each a workload (and a Maven module) of this name. */
    static final List<String> STRATA_SERVICES =
            List.of("partition-node", "metadata-service", "group-coordinator", "gateway");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final List<HasMetadata> resources;

    private ManifestSet(List<HasMetadata> resources) {
        this.resources = List.copyOf(resources);
    }

    /** Parses one or more YAML documents (separated by {@code ---}). */
    static ManifestSet parse(String yaml) {
        Object parsed = SERIALIZATION.unmarshal(yaml);
        List<HasMetadata> resources = new ArrayList<>();
        if (parsed instanceof List<?> list) {
            list.forEach(item -> resources.add(asResource(item)));
        } else {
            resources.add(asResource(parsed));
        }
        return new ManifestSet(resources);
    }

    /** The union of several sets, in order. */
    static ManifestSet concat(List<ManifestSet> sets) {
        return new ManifestSet(sets.stream().flatMap(set -> set.resources.stream()).toList());
    }

    private static HasMetadata asResource(Object parsed) {
        if (!(parsed instanceof HasMetadata resource)) {
            throw new AssertionError("not a Kubernetes object: " + parsed);
        }
        return resource;
    }

    List<HasMetadata> resources() {
        return resources;
    }

    /** Every object as {@code Kind/name}, in order. */
    List<String> kindsAndNames() {
        return resources.stream().map(r -> r.getKind() + "/" + r.getMetadata().getName()).toList();
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name
                + " among " + kindsAndNames()));
    }

    StatefulSet statefulSet(String name) {
        return get(StatefulSet.class, name);
    }

    Service service(String name) {
        return get(Service.class, name);
    }

    PodDisruptionBudget disruptionBudget(String name) {
        return get(PodDisruptionBudget.class, name);
    }

    List<Secret> secrets() {
        return all(Secret.class);
    }

    /** Every StatefulSet and Deployment. */
    List<Workload> workloads() {
        Stream<Workload> statefulSets = all(StatefulSet.class).stream().map(s -> new Workload("StatefulSet",
                s.getMetadata().getName(), s.getSpec().getReplicas(), s.getSpec().getTemplate().getSpec()));
        Stream<Workload> deployments = all(Deployment.class).stream().map(d -> new Workload("Deployment",
                d.getMetadata().getName(), d.getSpec().getReplicas(), d.getSpec().getTemplate().getSpec()));
        return Stream.concat(statefulSets, deployments).toList();
    }

    /** The workloads of {@link #STRATA_SERVICES}, in that order. */
    List<Workload> strataWorkloads() {
        return STRATA_SERVICES.stream().map(this::workload).toList();
    }

    /** The StatefulSet or Deployment {@code name}. */
    Workload workload(String name) {
        return workloads().stream().filter(w -> w.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no workload " + name + " among " + kindsAndNames()));
    }
}
