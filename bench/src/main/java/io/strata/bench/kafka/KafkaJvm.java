package io.strata.bench.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start a JVM that runs Apache Kafka: the Kafka jars in their own directory (fetched by
 * {@code bench/kafka-baseline/pom.xml}), never mixed with Strata's class path, which carries an
 * older kafka-clients; and the JVM options of Kafka's own start scripts ({@code kafka-run-class.sh}),
 * so that the broker and its tools run as their users run them.
 *
 * @param java   the {@code java} executable
 * @param libDir the directory of Kafka's jars
 */
public record KafkaJvm(Path java, Path libDir) {

    /** {@code KAFKA_JVM_PERFORMANCE_OPTS} of {@code kafka-run-class.sh}. */
    static final List<String> PERFORMANCE_OPTIONS = List.of("-server", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
            "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent", "-XX:MaxInlineLevel=15",
            "-Djava.awt.headless=true");

    public static final Path DEFAULT_LIB_DIR = Path.of("bench/target/kafka-lib");

    /** The running JVM's own {@code java}, and {@code libDir}, which must hold Kafka's jars. */
    public static KafkaJvm of(Path libDir) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        if (!Files.isDirectory(libDir) || !Files.exists(libDir.resolve("kafka-tools-4.3.1.jar"))) {
            throw new IllegalStateException("no Kafka 4.3.1 jars in " + libDir.toAbsolutePath()
                    + ": fetch them with ./mvnw -B -q -f bench/kafka-baseline/pom.xml package");
        }
        return new KafkaJvm(java, libDir);
    }

    /** The command line that runs {@code mainClass} with Kafka's jars, a heap of {@code heap} and that log4j2 config. */
    public List<String> command(String heap, Path log4jConfig, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add("-Xmx" + heap);
        command.addAll(PERFORMANCE_OPTIONS);
        command.add("-Dlog4j2.configurationFile=" + log4jConfig);
        command.add("-cp");
        command.add(libDir.toAbsolutePath() + "/*");
        command.add(mainClass);
        command.addAll(args);
        return command;
    }
}
