package io.strata.deploy.launcher;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Class archives through the real launcher: a service's first start dumps one once healthy, the
 * next start of the same build maps it (the archive shows in the process's memory map), and a
 * rebuilt jar gets an archive of its own that replaces the old one.
 */
class ClassArchiveTest {

    private static final Duration STARTUP = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<ServiceProcess> started = new ArrayList<>();

    @AfterEach
    void killAll() {
        started.forEach(ServiceProcess::kill);
    }

    @Test
    void onlyServiceJarsGetOneNamedForTheirBuild() throws IOException {
        Path other = Files.createFile(dir.resolve("tool.jar"));
        assertThat(ClassArchive.of(other)).isEmpty();
        assertThat(ClassArchive.of(dir.resolve("missing").resolve("quarkus-run.jar"))).isEmpty();

        Path jar = Files.createFile(dir.resolve("quarkus-run.jar"));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_700_000_000_000L));
        ClassArchive archive = ClassArchive.of(jar).orElseThrow();
        assertThat(archive.archive()).isEqualTo(dir.resolve("strata-classes-1700000000000.jsa"));
        assertThat(archive.jvmArgs()).containsExactly("-XX:+RecordDynamicDumpInfo");
        Files.createFile(archive.archive());
        assertThat(archive.jvmArgs()).containsExactly("-XX:SharedArchiveFile=" + archive.archive());
    }

    @Test
    void theFirstStartDumpsItTheNextMapsItAndARebuildReplacesIt() throws Exception {
        // named as a service's jar; a class archive takes classes from jars only
        Path jar = TestJars.selfContainedJar(dir.resolve("app"), "quarkus-run.jar", TestServiceMain.class);
        Path first = ClassArchive.of(jar).orElseThrow().archive();

        ServiceProcess recording = start(jar, "one");
        recording.awaitHealthy(STARTUP);
        assertThat(Files.readString(recording.logFile())).contains("-XX:+RecordDynamicDumpInfo")
                .contains("class archive " + first + " written");
        assertThat(first).isNotEmptyFile();

        ServiceProcess mapping = start(jar, "two");
        mapping.awaitHealthy(STARTUP);
        assertThat(Files.readString(mapping.logFile())).contains("-XX:SharedArchiveFile=" + first)
                .doesNotContain("class archive");
        assertThat(Files.readString(Path.of("/proc", Long.toString(mapping.pid()), "maps")))
                .as("the second start's memory map").contains(first.toString());

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 1_000));
        Path rebuilt = ClassArchive.of(jar).orElseThrow().archive();
        start(jar, "three").awaitHealthy(STARTUP);
        assertThat(rebuilt).isNotEmptyFile();
        try (Stream<Path> archives = Files.list(jar.getParent())) {
            assertThat(archives.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".jsa")))
                    .as("archives beside the jar").containsExactly(rebuilt.getFileName().toString());
        }
    }

    private ServiceProcess start(Path jar, String name) throws IOException {
        int port = FreePorts.next();
        ServiceProcess process = ServiceProcess.start(ServiceSpec.builder(name, jar)
                .jvmArg("-Xmx64m")
                .systemProperty("test.http.port", Integer.toString(port))
                .logFile(dir.resolve("logs").resolve(name + ".log"))
                .healthUrl(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .build());
        started.add(process);
        return process;
    }
}
