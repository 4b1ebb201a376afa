package io.strata.node.membership;

import io.strata.api.error.StrataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeIncarnationTest {

    @TempDir
    Path dataDir;

    @Test
    void madeOnceAndKeptAcrossStarts() {
        String first = NodeIncarnation.of(dataDir);
        assertThat(first).matches("[0-9a-f-]{36}");
        assertThat(NodeIncarnation.of(dataDir)).isEqualTo(first);
        assertThat(dataDir.resolve(NodeIncarnation.FILE_NAME + ".tmp")).doesNotExist();
    }

    @Test
    void anotherDirectoryIsAnotherIncarnation() {
        assertThat(NodeIncarnation.of(dataDir.resolve("a"))).isNotEqualTo(NodeIncarnation.of(dataDir.resolve("b")));
    }

    @Test
    void aDamagedFileIsNamedNotReplaced() throws IOException {
        Files.writeString(dataDir.resolve(NodeIncarnation.FILE_NAME), "garbage");
        assertThatThrownBy(() -> NodeIncarnation.of(dataDir)).isInstanceOf(StrataException.class)
                .hasMessageContaining("incarnation.id holds 'garbage', not a UUID");
        assertThat(Files.readString(dataDir.resolve(NodeIncarnation.FILE_NAME))).isEqualTo("garbage");
    }
}
