package io.strata.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;

import java.util.List;
import java.util.Optional;

/**
 * One StatefulSet or Deployment as the checks see it: its name, replica count and pod spec, and
 * its one container, which carries the workload's name (for Strata's services that is also the
 * Maven module the image is built from).
 */
record Workload(String kind, String name, int replicas, PodSpec pod) {

    /** The container named like the workload; fails when there is none. */
    Container container() {
        return pod.getContainers().stream()
                .filter(c -> c.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(kind + " " + name + " has no container named " + name));
    }

    /** The container's environment variable names, in order. */
    List<String> envNames() {
        return container().getEnv().stream().map(EnvVar::getName).toList();
    }

    /** The container's environment variable {@code envName}; fails when it is not set. */
    EnvVar env(String envName) {
        return findEnv(envName).orElseThrow(() -> new AssertionError(name + " does not set " + envName));
    }

    Optional<EnvVar> findEnv(String envName) {
        return container().getEnv().stream().filter(e -> e.getName().equals(envName)).findFirst();
    }

    /** The container port named {@code portName}; fails when there is none. */
    int containerPort(String portName) {
        return container().getPorts().stream()
                .filter(p -> portName.equals(p.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " has no container port named " + portName));
    }
}
