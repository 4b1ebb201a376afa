package io.strata.bench.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays a {@link FaultSchedule} against a {@link ChaosCluster}: at each planned time it resolves
 * the fault's target (which node leads the picked partition now, which node is the controller),
 * injects it, waits its duration and heals it, printing each step with its wall-clock time.
 *
 * <p>Heals take longer than planned (a restart waits until the service is healthy, 10-25 s), so
 * the nemesis runs late: each fault starts as late after its planned time as the run is behind,
 * which keeps the planned quiet time between faults, and the faults that would end after the
 * run's time are left out (and said so). A fault of two parts heals its cut links, paused
 * processes and full disk before it starts a killed process again, so that the restart does not
 * meet the other half of the fault (e.g. its own cut link to the metadata service).
 *
 * <p>Thread-safety: runs on the caller's thread; {@link #injected()} and {@link #windows()} are
 * read after {@link #run} returned.
 */
final class Nemesis {

    /** Bound on the wait, during a rolling restart, for a restarted node to rejoin every ISR. */
    static final Duration REJOIN_TIMEOUT = Duration.ofSeconds(90);

    /** When a fault was in force, from injection to the end of its heal. */
    record Window(FaultKind kind, String what, long startNanos, long endNanos) {
    }

    /** How to undo one injected fault; {@code restarts} when the heal starts a process again (healed last). */
    private record Injected(String what, HealAction heal, boolean restarts) {
    }

    @FunctionalInterface
    private interface HealAction {
        void heal() throws IOException;
    }

    private final ChaosCluster cluster;
    private final List<String> topics;
    private final PrintStream out;
    private final Map<FaultKind, Integer> injected = new EnumMap<>(FaultKind.class);
    private final List<Window> windows = new ArrayList<>();
    private long startNanos;

    Nemesis(ChaosCluster cluster, List<String> topics, PrintStream out) {
        this.cluster = cluster;
        this.topics = List.copyOf(topics);
        this.out = out;
    }

    /** Plays the schedule for at most {@code runMs} (the last heal may end later). */
    void run(List<PlannedFault> schedule, long runMs) {
        startNanos = System.nanoTime();
        long lateMs = 0;
        for (int i = 0; i < schedule.size(); i++) {
            PlannedFault fault = schedule.get(i);
            if (fault.atMs() + lateMs + fault.durationMs() > runMs) {
                print("%d planned fault(s) left out: heals took %.1f s longer than planned, and the run's %.1f s are up",
                        schedule.size() - i, lateMs / 1000.0, runMs / 1000.0);
                break;
            }
            LockSupport.parkNanos(startNanos + TimeUnit.MILLISECONDS.toNanos(fault.atMs() + lateMs) - System.nanoTime());
            long faultStart = System.nanoTime();
            String what;
            if (fault.kind() == FaultKind.ROLLING_RESTART) {
                what = rollingRestart();
            } else {
                what = injectAndHeal(fault);
            }
            injected.merge(fault.kind(), 1, Integer::sum);
            windows.add(new Window(fault.kind(), what, faultStart, System.nanoTime()));
            lateMs = Math.max(lateMs, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos) - fault.atMs() - fault.durationMs());
        }
    }

    private String injectAndHeal(PlannedFault fault) {
        List<PlannedFault> parts = fault.kind() == FaultKind.TWO_AT_ONCE ? fault.parts() : List.of(fault);
        Set<String> hit = new HashSet<>();
        List<Injected> done = new ArrayList<>();
        for (PlannedFault part : parts) {
            try {
                Injected injection = inject(part, hit);
                print("inject %s: %s", part.kind().label(), injection.what());
                done.add(injection);
            } catch (RuntimeException e) {
                print("inject %s failed: %s", part.kind().label(), e);
            }
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(fault.durationMs()));
        done.sort(java.util.Comparator.comparing(Injected::restarts));
        for (Injected injection : done) {
            long healStart = System.nanoTime();
            try {
                injection.heal().heal();
                print("healed %s (%d ms to heal)", injection.what(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - healStart));
            } catch (IOException | RuntimeException e) {
                print("heal of %s failed (healed again at the end): %s", injection.what(), e);
            }
        }
        return String.join(" + ", done.stream().map(Injected::what).toList());
    }

    private Injected inject(PlannedFault fault, Set<String> hit) {
        return switch (fault.kind()) {
            case KILL_LEADER -> kill(node(leaderPick(fault.pick()), hit), "leader of " + partitionName(fault.pick()));
            case KILL_FOLLOWER -> kill(node(followerPick(fault.pick()), hit), "follower of " + partitionName(fault.pick()));
            case KILL_CONTROLLER -> kill(node(controllerPick(fault.pick()), hit), "controller");
            case PAUSE_LEADER -> pause(node(leaderPick(fault.pick()), hit), "leader of " + partitionName(fault.pick()));
            case PAUSE_FOLLOWER -> pause(node(followerPick(fault.pick()), hit), "follower of " + partitionName(fault.pick()));
            case PAUSE_CONTROLLER -> pause(node(controllerPick(fault.pick()), hit), "controller");
            case KILL_METADATA_SERVICE -> kill(service(ChaosCluster.METADATA, hit), "");
            case PAUSE_METADATA_SERVICE -> pause(service(ChaosCluster.METADATA, hit), "");
            case KILL_POSTGRES -> kill(service(ChaosCluster.POSTGRES, hit), "");
            case PAUSE_POSTGRES -> pause(service(ChaosCluster.POSTGRES, hit), "");
            case KILL_GROUP_COORDINATOR -> kill(service(ChaosCluster.COORDINATOR, hit), "");
            case PAUSE_GROUP_COORDINATOR -> pause(service(ChaosCluster.COORDINATOR, hit), "");
            case KILL_GATEWAY -> kill(service(ChaosCluster.GATEWAY, hit), "");
            case PAUSE_GATEWAY -> pause(service(ChaosCluster.GATEWAY, hit), "");
            case PARTITION_NODE_FROM_METADATA -> cut(cluster.proxy(ChaosCluster.NODE_METADATA_LINK), hit);
            case PARTITION_GATEWAY_FROM_METADATA -> cut(cluster.proxy(ChaosCluster.GATEWAY_METADATA_LINK), hit);
            case PARTITION_NODE_FROM_PEERS -> cut(cluster.proxy(ChaosCluster.NODE_PEERS_LINK), hit);
            case FILL_DISK -> fillDisk(hit);
            case KILL_RECOVERING_LEADER -> killRecovering(node(leaderPick(fault.pick()), hit), "leader of " + partitionName(fault.pick()));
            case TWO_AT_ONCE, ROLLING_RESTART -> throw new IllegalArgumentException(fault.kind() + " is not a single fault");
        };
    }

    private Injected kill(String name, String role) {
        cluster.kill(name);
        return new Injected("SIGKILL " + name + (role.isEmpty() ? "" : " (" + role + ")"), () -> cluster.restart(name), true);
    }

    /** SIGKILL, start again, SIGKILL again once it answers health checks (it is then recovering and catching up). */
    private Injected killRecovering(String name, String role) {
        cluster.kill(name);
        try {
            cluster.restart(name);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot start " + name + " again", e);
        }
        cluster.kill(name);
        return new Injected("SIGKILL " + name + " (" + role + "), again as soon as it was back up", () -> cluster.restart(name), true);
    }

    private Injected fillDisk(Set<String> hit) {
        String node = ChaosCluster.nodeName(ChaosCluster.PROXIED_NODE);
        if (!hit.add(node + " disk")) {
            throw new IllegalStateException(node + "'s disk is full already");
        }
        long bytes = cluster.fillDisk();
        return new Injected(String.format("disk full on %s (%,d bytes of filler)", node, bytes), cluster::emptyDisk, false);
    }

    private Injected pause(String name, String role) {
        cluster.pause(name);
        return new Injected("SIGSTOP " + name + (role.isEmpty() ? "" : " (" + role + ")"), () -> cluster.resume(name), false);
    }

    private static Injected cut(FaultProxy proxy, Set<String> hit) {
        if (!hit.add(proxy.name())) {
            throw new IllegalStateException(proxy.name() + " is cut already");
        }
        proxy.cut();
        return new Injected("network partition " + proxy.name(), proxy::heal, false);
    }

    /** A service not yet hit by this fault (the second half of a double fault may not hit the first's target). */
    private String service(String name, Set<String> hit) {
        if (!hit.add(name) || !cluster.isAlive(name)) {
            throw new IllegalStateException(name + " is down already");
        }
        return name;
    }

    /** Node {@code node}, or the next one not yet hit when a double fault's other half hit it. */
    private String node(int node, Set<String> hit) {
        for (int i = 0; i < 3; i++) {
            String name = ChaosCluster.nodeName((node - 1 + i) % 3 + 1);
            if (hit.add(name)) {
                return name;
            }
        }
        throw new IllegalStateException("every node is hit already");
    }

    private String partitionName(int pick) {
        ChaosCluster.PartitionView partition = partitionPick(pick);
        return partition == null ? "a partition (no metadata)" : partition.id();
    }

    private ChaosCluster.PartitionView partitionPick(int pick) {
        List<ChaosCluster.PartitionView> partitions = cluster.partitions(topics);
        return partitions.isEmpty() ? null : partitions.get(pick % partitions.size());
    }

    /** The leader of the picked partition now; a node chosen by the pick when the metadata cannot tell. */
    private int leaderPick(int pick) {
        ChaosCluster.PartitionView partition = partitionPick(pick);
        return partition != null && partition.leader() > 0 ? partition.leader() : pick % 3 + 1;
    }

    private int followerPick(int pick) {
        ChaosCluster.PartitionView partition = partitionPick(pick);
        if (partition == null || partition.leader() <= 0) {
            return (pick + 1) % 3 + 1;
        }
        List<Integer> followers = partition.replicas().stream().filter(node -> node != partition.leader()).toList();
        return followers.isEmpty() ? (pick + 1) % 3 + 1 : followers.get((pick >> 8) % followers.size());
    }

    private int controllerPick(int pick) {
        return cluster.controller().orElse(pick % 3 + 1);
    }

    /** Every node in turn: SIGTERM, start again, wait until it is back in every ISR before the next. */
    private String rollingRestart() {
        print("inject rolling-restart of the partition nodes");
        for (String node : ChaosCluster.nodeNames()) {
            long start = System.nanoTime();
            try {
                cluster.stop(node);
                cluster.restart(node);
                boolean rejoined = awaitFullIsr(REJOIN_TIMEOUT);
                print("  restarted %s: %s after %d ms", node, rejoined ? "back in every ISR" : "NOT back in every ISR",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            } catch (IOException | RuntimeException e) {
                print("  restart of %s failed (healed again at the end): %s", node, e);
            }
        }
        return "rolling restart";
    }

    /** Waits until every partition has a leader and all its replicas in its ISR; false at the bound. */
    boolean awaitFullIsr(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<ChaosCluster.PartitionView> partitions = cluster.partitions(topics);
            if (!partitions.isEmpty() && partitions.stream().allMatch(p -> p.leader() > 0 && p.isr().size() == p.replicas().size())) {
                return true;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
        }
        return false;
    }

    private void print(String format, Object... args) {
        out.printf("chaos: %s +%6.1fs %s%n", Instant.now(), (System.nanoTime() - startNanos) / 1e9, String.format(format, args));
    }

    Map<FaultKind, Integer> injected() {
        return injected;
    }

    List<Window> windows() {
        return List.copyOf(windows);
    }
}
