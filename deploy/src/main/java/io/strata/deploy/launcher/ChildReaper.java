package io.strata.deploy.launcher;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The one JVM shutdown hook that kills (SIGKILL) every {@link ServiceProcess} this JVM started and
 * that is still tracked when the JVM exits: a failed test, an exception, Ctrl-C or
 * {@code System.exit} leave no service process behind. (A SIGKILL of this JVM itself cannot be
 * caught; nothing can clean up then.) A process leaves the set when it is stopped, killed, closed
 * or {@link ServiceProcess#detach() detached}.
 *
 * <p>Thread-safe: the set is guarded by the class lock; the hook is registered once, lazily.
 */
final class ChildReaper {

    /** How long the hook waits for each killed child to be gone, so ports are free on return. */
    private static final long EXIT_WAIT_MS = 5_000;

    private static final Set<ServiceProcess> TRACKED = new LinkedHashSet<>();
    private static boolean hookRegistered;

    private ChildReaper() {
    }

    static synchronized void track(ServiceProcess process) {
        if (!hookRegistered) {
            Runtime.getRuntime().addShutdownHook(new Thread(ChildReaper::killAll, "strata-child-reaper"));
            hookRegistered = true;
        }
        TRACKED.add(process);
    }

    static synchronized void untrack(ServiceProcess process) {
        TRACKED.remove(process);
    }

    static synchronized boolean isTracked(ServiceProcess process) {
        return TRACKED.contains(process);
    }

    private static void killAll() {
        List<ProcessHandle> victims = new ArrayList<>();
        synchronized (ChildReaper.class) {
            for (ServiceProcess process : TRACKED) {
                victims.add(process.handle());
            }
            TRACKED.clear();
        }
        for (ProcessHandle handle : victims) {
            handle.descendants().forEach(ProcessHandle::destroyForcibly);
            handle.destroyForcibly();
        }
        for (ProcessHandle handle : victims) {
            try {
                handle.onExit().get(EXIT_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // best effort at JVM exit: a child that ignores SIGKILL (stuck in the kernel) is reported
                System.err.println("strata: process " + handle.pid() + " still alive at exit: " + e);
            }
        }
    }
}
