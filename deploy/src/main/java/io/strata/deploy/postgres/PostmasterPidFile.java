package io.strata.deploy.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL's {@code postmaster.pid} in a data directory: line 1 is the postmaster's pid, line 2
 * the data directory it serves. Used to find an <em>orphaned</em> postmaster: pg_ctl detaches the
 * postmaster from the process that started it, so when {@link EmbeddedPostgresServer} is killed with
 * SIGKILL (its shutdown hook cannot run) PostgreSQL keeps running and keeps the port and the data
 * directory. Such a postmaster is shut down here before a new one starts on the same directory, and
 * by {@code ./strata down}.
 *
 * <p>Stateless; safe from any thread.
 */
public final class PostmasterPidFile {

    /** Bound on a fast shutdown before the postmaster is killed. */
    private static final long FAST_SHUTDOWN_WAIT_MS = 20_000;
    private static final long KILL_WAIT_MS = 10_000;

    private PostmasterPidFile() {
    }

    /** The running postmaster serving {@code dataDir}, if any. */
    public static Optional<ProcessHandle> runningPostmaster(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty(); // removed while we read it: the postmaster just exited
        }
        if (lines.size() < 2 || !samePath(Path.of(lines.get(1).trim()), dataDir)) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info().command().map(c -> c.endsWith("postgres")).orElse(true));
    }

    /**
     * Shuts down a postmaster still serving {@code dataDir}: SIGINT (fast shutdown: disconnects
     * clients, checkpoints), SIGKILL if it has not exited after 20 s. Returns whether one was found.
     */
    public static boolean maybeStopOrphan(Path dataDir) {
        Optional<ProcessHandle> postmaster = runningPostmaster(dataDir);
        if (postmaster.isEmpty()) {
            return false;
        }
        ProcessHandle handle = postmaster.get();
        sendSigint(handle.pid());
        if (!awaitExit(handle, FAST_SHUTDOWN_WAIT_MS)) {
            handle.destroyForcibly();
            awaitExit(handle, KILL_WAIT_MS);
        }
        return true;
    }

    private static boolean samePath(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    private static void sendSigint(long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill -INT " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean awaitExit(ProcessHandle handle, long timeoutMs) {
        try {
            handle.onExit().get(timeoutMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return !handle.isAlive();
        }
    }
}
