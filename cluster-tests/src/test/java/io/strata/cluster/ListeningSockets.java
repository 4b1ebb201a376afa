package io.strata.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The TCP sockets listening on this machine, read from the kernel ({@code /proc/net/tcp} and
 * {@code tcp6}), and which of them belong to a process (through the socket inodes among its open
 * files in {@code /proc/<pid>/fd}). Linux only; a snapshot, not updated.
 */
record ListeningSockets(List<Socket> sockets) {

    /** One listening socket: its local address as the kernel prints it (hex) and its port. */
    record Socket(String address, int port, long inode) {

        // 127.0.0.1, ::1 and ::ffff:127.0.0.1 (a dual-stack Java socket bound to 127.0.0.1 shows in tcp6 so)
        private static final Set<String> LOOPBACK = Set.of("0100007F", "00000000000000000000000001000000",
                "0000000000000000FFFF00000100007F");

        /** Whether it accepts connections only from this machine (127.0.0.1 or ::1). */
        boolean isLoopbackOnly() {
            return LOOPBACK.contains(address);
        }

        /** Whether it accepts connections on every interface (0.0.0.0 or ::). */
        boolean isWildcard() {
            return address.chars().allMatch(c -> c == '0');
        }

        @Override
        public String toString() {
            return (isLoopbackOnly() ? "loopback" : isWildcard() ? "all interfaces" : address) + ":" + port;
        }
    }

    private static final String LISTEN = "0A";

    /** Every listening TCP socket now. */
    static ListeningSockets now() {
        List<Socket> sockets = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                List<String> lines = Files.readAllLines(Path.of(table));
                for (String line : lines.subList(1, lines.size())) {
                    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                    String[] fields = line.trim().split("\\s+");
                    if (fields[3].equals(LISTEN)) {
                        String[] local = fields[1].split(":");
                        sockets.add(new Socket(local[0], Integer.parseInt(local[1], 16), Long.parseLong(fields[9])));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + table, e);
            }
        }
        return new ListeningSockets(List.copyOf(sockets));
    }

    /** Those on {@code port}. */
    List<Socket> onPort(int port) {
        return sockets.stream().filter(s -> s.port() == port).toList();
    }

    /** Those that process {@code pid} holds open. */
    List<Socket> ownedBy(long pid) {
        Set<Long> inodes = socketInodes(pid);
        return sockets.stream().filter(s -> inodes.contains(s.inode())).toList();
    }

    private static Set<Long> socketInodes(long pid) {
        Set<Long> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (IOException e) {
                    // closed while listing: not a listening socket of interest
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the open files of process " + pid, e);
        }
        return inodes;
    }
}
