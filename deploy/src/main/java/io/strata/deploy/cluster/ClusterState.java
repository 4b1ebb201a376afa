package io.strata.deploy.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The state file {@code <data-dir>/cluster.json} written by {@code up} and read by {@code down} and
 * {@code status}: which processes the cluster runs. Written after every process start (atomically,
 * via a temporary file and a rename), so even an interrupted {@code up} leaves a file that
 * {@code down} can act on. Layout (snake_case keys):
 *
 * <pre>
 * {"data_dir": "/abs/data", "processes": [
 *   {"service": "partition-node-1", "node_id": 1, "pid": 4242, "started_at_ms": 1795000000000,
 *    "url": "http://127.0.0.1:9101", "health_url": "http://127.0.0.1:9101/q/health/ready",
 *    "jar": "/abs/partition-node/target/quarkus-app/quarkus-run.jar", "log_file": "/abs/data/logs/partition-node-1.log"},
 *   …]}
 * </pre>
 * {@code node_id} is present for partition nodes only. {@code started_at_ms} (the operating system's start time of the pid) guards against pid reuse.
 *
 * <p>A value type; the file operations are not synchronized (one CLI command owns the file at a time).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterState(String dataDir, List<Entry> processes) {

    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public ClusterState {
        processes = List.copyOf(processes);
    }

    /** One started process. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String service, Integer nodeId, long pid, Long startedAtMs, String url,
                        String healthUrl, String jar, String logFile) {
    }

    /** This state with {@code entry} appended. */
    public ClusterState with(Entry entry) {
        List<Entry> all = new ArrayList<>(processes);
        all.add(entry);
        return new ClusterState(dataDir, all);
    }

    /** The state in {@code file}, if the file exists. */
    public static Optional<ClusterState> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), ClusterState.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cluster state " + file
                    + " (remove it after making sure no Strata process runs)", e);
        }
    }

    /** Writes this state to {@code file} atomically. */
    public void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the cluster state " + file, e);
        }
    }
}
