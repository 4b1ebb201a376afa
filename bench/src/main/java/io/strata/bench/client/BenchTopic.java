package io.strata.bench.client;

import io.strata.bench.workload.Workload;
import io.strata.client.admin.Admin;

import java.util.Map;

/**
 * The topic a Strata benchmark run writes to: a fresh one with the workload's partitions and
 * replication factor, deleted when the run ends unless {@code --keep}; or the {@code --topic} the
 * user named, created if it does not exist yet and then never deleted.
 */
final class BenchTopic implements AutoCloseable {

    private final Admin admin;
    private final String name;
    private final boolean delete;

    private BenchTopic(Admin admin, String name, boolean delete) {
        this.admin = admin;
        this.name = name;
        this.delete = delete;
    }

    static BenchTopic open(Workload workload, String kind, int run) {
        Map<String, Object> config = new java.util.HashMap<>(workload.clientSettings());
        config.put("bootstrap.servers", workload.bootstrap());
        Admin admin = Admin.create(config);
        try {
            if (workload.topic().isPresent()) {
                String name = workload.topic().get();
                if (!exists(admin, name)) {
                    admin.createTopic(name, workload.partitions(), workload.replicationFactor(), Map.of());
                }
                return new BenchTopic(admin, name, false);
            }
            String name = "bench-" + kind + "-" + ProcessHandle.current().pid() + "-" + run;
            admin.createTopic(name, workload.partitions(), workload.replicationFactor(), Map.of());
            return new BenchTopic(admin, name, !workload.keep());
        } catch (RuntimeException e) {
            admin.close();
            throw e;
        }
    }

    String name() {
        return name;
    }

    int partitions() {
        return admin.describeTopic(name).partitionCount();
    }

    private static boolean exists(Admin admin, String name) {
        return admin.describeTopics().stream().anyMatch(topic -> topic.name().equals(name));
    }

    @Override
    public void close() {
        try {
            if (delete) {
                admin.deleteTopic(name);
            }
        } finally {
            admin.close();
        }
    }
}
