package io.strata.node.membership;

import io.strata.api.error.StrataException;
import io.strata.api.v1.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** meta.properties: written whole, read back, and a damaged file refused rather than guessed at. */
class MetaPropertiesTest {

    @TempDir
    Path dataDir;

    @Test
    void writtenThenReadBackWithNoTemporaryFileLeft() throws IOException {
        MetaProperties.of("Zs0bH9LzS2uGx3R8qkq0eA", 7).write(dataDir);

        assertThat(MetaProperties.read(dataDir)).contains(new MetaProperties(1, "Zs0bH9LzS2uGx3R8qkq0eA", 7));
        assertThat(Files.readString(dataDir.resolve("meta.properties")))
                .contains("version=1\n", "cluster.id=Zs0bH9LzS2uGx3R8qkq0eA\n", "node.id=7\n");
        try (var entries = Files.list(dataDir)) {
            assertThat(entries.map(path -> path.getFileName().toString())).containsExactly("meta.properties");
        }
    }

    @Test
    void aNewerWriteReplacesTheOldFile() throws IOException {
        MetaProperties.of("first", 1).write(dataDir);
        MetaProperties.of("second", 1).write(dataDir);
        assertThat(MetaProperties.read(dataDir).map(MetaProperties::clusterId)).contains("second");
    }

    @Test
    void noFileMeansNeverRegistered() {
        assertThat(MetaProperties.read(dataDir)).isEqualTo(Optional.empty());
    }

    @Test
    void aDamagedFileIsAStorageErrorNamingTheFile() throws IOException {
        assertCorrupt("garbage without equals signs\n", "has version null");
        assertCorrupt("version=2\ncluster.id=abc\nnode.id=1\n", "has version 2; this node reads version 1");
        assertCorrupt("version=1\nnode.id=1\n", "cluster.id 'null' is not");
        assertCorrupt("version=1\ncluster.id=a b\nnode.id=1\n", "cluster.id 'a b' is not");
        assertCorrupt("version=1\ncluster.id=abc\nnode.id=one\n", "is not valid");
        assertCorrupt("version=1\ncluster.id=abc\n", "is not valid");
        assertCorrupt("version=1\ncluster.id=abc\\u00", "cannot be read");
    }

    private void assertCorrupt(String content, String why) throws IOException {
        Files.writeString(dataDir.resolve("meta.properties"), content);
        assertThatThrownBy(() -> MetaProperties.read(dataDir))
                .isInstanceOfSatisfying(StrataException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_ERROR);
                    assertThat(e.getMessage()).startsWith(dataDir.resolve("meta.properties").toString()).contains(why);
                });
    }
}
