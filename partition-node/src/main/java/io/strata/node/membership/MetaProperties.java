package io.strata.node.membership;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import io.strata.node.replica.AtomicRenames;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The identity written into a node's data directory on its first registration, as Kafka's
 * {@code meta.properties}: {@code version}, {@code cluster.id}, {@code node.id}.
 *
 * <p>Invariant: the file on disk is always whole, either the old one or the new one: it is written
 * to a temporary file, fsynced, renamed over the old one and the directory fsynced.
 *
 * <p>An immutable value; reading and writing are safe from any thread, one writer at a time.
 */
public record MetaProperties(int version, String clusterId, int nodeId) {

    public static final String FILE_NAME = "meta.properties";
    /** The only format so far. */
    public static final int CURRENT_VERSION = 1;

    private static final Pattern CLUSTER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public MetaProperties {
        if (clusterId == null || !CLUSTER_ID.matcher(clusterId).matches()) {
            throw new IllegalArgumentException("cluster.id '" + clusterId + "' is not 1 to 64 of A-Z a-z 0-9 _ -");
        }
    }

    /** The current format's file for this cluster and node. */
    public static MetaProperties of(String clusterId, int nodeId) {
        return new MetaProperties(CURRENT_VERSION, clusterId, nodeId);
    }

    /**
     * Reads {@code <dataDir>/meta.properties}.
     *
     * @return empty when there is none (a node never registered)
     * @throws StrataException STORAGE_ERROR when the file exists but cannot be read or is not a
     *                         whole meta.properties of a known version: the node must not guess
     */
    public static Optional<MetaProperties> read(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException none) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            throw corrupt(file, "cannot be read (" + e.getMessage() + ")");
        }
        String version = properties.getProperty("version");
        if (!Integer.toString(CURRENT_VERSION).equals(version)) {
            throw corrupt(file, "has version " + version + "; this node reads version " + CURRENT_VERSION);
        }
        try {
            return Optional.of(new MetaProperties(CURRENT_VERSION, properties.getProperty("cluster.id"),
                    Integer.parseInt(String.valueOf(properties.getProperty("node.id")))));
        } catch (IllegalArgumentException e) {
            throw corrupt(file, "is not valid (" + e.getMessage() + ")");
        }
    }

    /** Writes {@code <dataDir>/meta.properties} atomically and durably (see the class comment). */
    public void write(Path dataDir) throws IOException {
        Path temporary = dataDir.resolve(FILE_NAME + ".tmp");
        String text = "# The cluster and node this data directory belongs to. Do not edit: a node refuses to start\n"
                + "# against a metadata service of another cluster.\n"
                + "version=" + version + "\ncluster.id=" + clusterId + "\nnode.id=" + nodeId + "\n";
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             OutputStream out = Channels.newOutputStream(channel)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            channel.force(true);
        }
        AtomicRenames.move(temporary, dataDir.resolve(FILE_NAME));
    }

    private static StrataException corrupt(Path file, String what) {
        return new StrataException(ErrorCode.STORAGE_ERROR, file + " " + what + ": the node cannot tell which cluster"
                + " its data belongs to; restore the file (version, cluster.id, node.id) or move the data directory away");
    }
}
