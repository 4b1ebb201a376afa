package io.strata.bench.scale;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What one partition node costs, read from outside the process: its open file descriptors
 * ({@code /proc/<pid>/fd}, so Linux only), its heap in use from its own {@code /q/metrics}
 * (Micrometer's {@code jvm_memory_used_bytes{area="heap"}}, summed over the pools), and the same
 * after a full collection asked for with {@code jcmd <pid> GC.run} — the live heap, which is what
 * the partitions keep, rather than garbage not yet collected.
 *
 * <p>Stateless apart from its HTTP client; thread-safe.
 */
final class NodeProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** One reading of a node. */
    record Reading(int nodeId, long pid, long fds, long heapUsedBytes, long liveHeapBytes) {
    }

    Reading read(int nodeId, long pid, String url) throws IOException, InterruptedException {
        long fds = openFds(pid);
        long heap = heapUsed(url);
        runGc(pid);
        long live = heapUsed(url);
        return new Reading(nodeId, pid, fds, heap, live);
    }

    static long openFds(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        }
    }

    long heapUsed(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/q/metrics"))
                .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + "/q/metrics answered " + response.statusCode());
        }
        double sum = 0;
        boolean found = false;
        for (String line : response.body().split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        if (!found) {
            throw new IOException(url + "/q/metrics has no jvm_memory_used_bytes{area=\"heap\"}");
        }
        return (long) sum;
    }

    private static void runGc(long pid) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!jcmd.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            jcmd.destroyForcibly();
            throw new IOException("jcmd " + pid + " GC.run did not finish in " + TIMEOUT);
        }
    }
}
