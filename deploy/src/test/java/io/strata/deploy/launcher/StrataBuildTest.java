package io.strata.deploy.launcher;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrataBuildTest {

    @Test
    void findsTheProjectRoot() {
        Path root = StrataBuild.root();

        assertThat(root.resolve("mvnw")).isRegularFile();
        assertThat(root.resolve("deploy").resolve("pom.xml")).isRegularFile();
    }

    @Test
    void aMissingServiceJarSaysHowToBuildIt() {
        assertThatThrownBy(() -> StrataBuild.quarkusRunJar("no-such-module"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no-such-module/target/quarkus-app/quarkus-run.jar")
                .hasMessageContaining("./mvnw package -DskipTests");
        assertThat(StrataBuild.findQuarkusRunJar("no-such-module")).isEmpty();
        assertThat(Files.exists(StrataBuild.quarkusRunJarPath(StrataBuild.root(), "no-such-module"))).isFalse();
    }
}
