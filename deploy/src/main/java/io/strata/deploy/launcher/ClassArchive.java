package io.strata.deploy.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A service's class-data-sharing archive (AppCDS): the classes a service had loaded by the time it
 * was first healthy, dumped from that running process ({@code jcmd <pid> VM.cds dynamic_dump}) and
 * mapped by every later start of the same build. A service started with it loads and verifies far
 * fewer classes: the gateway took 2.0 CPU-s to healthy without, 1.45 with. A test run starts its
 * services dozens of times on 2 cores, and {@code ./strata up} starts six.
 *
 * <p>Invariants:
 * <ul>
 *   <li>An archive belongs to one build: its name carries the service jar's modification time, so a
 *       rebuilt service never maps an older build's classes (the JVM would also refuse them and start
 *       without). Writing one removes the archives of earlier builds beside it.</li>
 *   <li>An archive appears whole or not at all: dumped to a file of its own, then moved into place
 *       atomically. Two processes dumping at once (two test forks) each write their own file; the
 *       last move wins, and both are good.</li>
 *   <li>It never stops a start: no {@code jcmd}, an unwritable directory or a failed dump leave the
 *       service running as it would without, and the next start tries again. {@code
 *       STRATA_CLASS_ARCHIVES=off} turns it off.</li>
 * </ul>
 *
 * <p>Only the services' {@code quarkus-run.jar}s get one, and only on a HotSpot JVM (the options are
 * HotSpot's). Stateless apart from the file system: safe from any thread.
 */
public record ClassArchive(Path jar, Path archive) {

    /** The environment variable that turns archives off with the value {@code off}. */
    public static final String SWITCH = "STRATA_CLASS_ARCHIVES";
    /** Bound on one {@code jcmd} dump (a few hundred ms on the 2-core machine). */
    private static final long DUMP_TIMEOUT_SECONDS = 60;
    private static final String PREFIX = "strata-classes-";
    private static final String SUFFIX = ".jsa";

    /** The archive of {@code jar} when it is a service jar and archives are on; empty otherwise. */
    public static Optional<ClassArchive> of(Path jar) {
        if (!"quarkus-run.jar".equals(String.valueOf(jar.getFileName())) || "off".equals(System.getenv(SWITCH))
                || !isHotSpot()) {
            return Optional.empty();
        }
        try {
            long built = Files.getLastModifiedTime(jar).toMillis();
            return Optional.of(new ClassArchive(jar, jar.resolveSibling(PREFIX + built + SUFFIX)));
        } catch (IOException notThere) {
            return Optional.empty(); // the start itself reports a missing jar
        }
    }

    /** Whether a start maps the archive, or records what it loads so that it can be dumped. */
    public boolean exists() {
        return Files.isRegularFile(archive);
    }

    /** The JVM options of a start: map the archive when it exists, else be ready to dump one. */
    public List<String> jvmArgs() {
        return exists() ? List.of("-XX:SharedArchiveFile=" + archive) : List.of("-XX:+RecordDynamicDumpInfo");
    }

    /**
     * Dumps the classes process {@code pid} (started with {@link #jvmArgs()} while there was no
     * archive) has loaded, unless another process made the archive meanwhile. Appends one line
     * saying what happened to {@code logFile}, the service's log. Never throws.
     */
    public void dump(long pid, Path logFile) {
        if (exists()) {
            return;
        }
        Path partial = archive.resolveSibling(archive.getFileName() + "." + pid + ".partial");
        String outcome;
        try {
            // jcmd's own output goes to the service's log, beside the line that tells the outcome
            Process jcmd = new ProcessBuilder(jcmd(), Long.toString(pid), "VM.cds", "dynamic_dump", partial.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            if (!jcmd.waitFor(DUMP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                jcmd.destroyForcibly();
                outcome = "not written: jcmd took over " + DUMP_TIMEOUT_SECONDS + " s";
            } else if (jcmd.exitValue() != 0 || !Files.isRegularFile(partial) || Files.size(partial) == 0) {
                outcome = "not written: jcmd exited with " + jcmd.exitValue() + " (its output is above)";
            } else {
                long bytes = Files.size(partial);
                Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                removeOlderBuilds();
                outcome = "written, " + bytes / (1024 * 1024) + " MiB: later starts map it";
            }
        } catch (IOException e) {
            outcome = "not written: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = "not written: interrupted";
        } finally {
            deleteQuietly(partial);
        }
        note(logFile, "=== strata launcher: class archive " + archive + " " + outcome);
    }

    private void removeOlderBuilds() throws IOException {
        try (DirectoryStream<Path> old = Files.newDirectoryStream(archive.getParent(), PREFIX + "*" + SUFFIX)) {
            for (Path path : old) {
                if (!path.equals(archive)) {
                    deleteQuietly(path);
                }
            }
        }
    }

    /** OpenJDK builds name their VM "OpenJDK 64-Bit Server VM", Oracle's "Java HotSpot(TM) …"; OpenJ9 neither. */
    private static boolean isHotSpot() {
        String vm = System.getProperty("java.vm.name", "");
        return vm.contains("HotSpot") || vm.startsWith("OpenJDK");
    }

    private static String jcmd() {
        return Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString();
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a leftover partial file is removed by nothing; it is never mapped (its name does not match)
        }
    }

    private static void note(Path logFile, String line) {
        try {
            Files.writeString(logFile, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the log is only where the outcome is told; the start goes on either way
        }
    }
}
