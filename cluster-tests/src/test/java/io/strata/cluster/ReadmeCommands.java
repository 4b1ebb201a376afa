package io.strata.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The shell commands of one fenced {@code bash} block of the top-level README, found by the
 * sentence that introduces it, so a test runs exactly what a reader copies. Continuation lines
 * (ending in a backslash) are joined into one command; the only change made is the gateway's
 * address, because test clusters listen on free ports instead of the default 8080.
 */
record ReadmeCommands(List<String> commands) {

    static final String DEFAULT_GATEWAY = "localhost:8080";

    /** The commands of the first {@code bash} block after the line starting with {@code introduction}. */
    static ReadmeCommands after(String introduction) throws IOException {
        List<String> lines = Files.readAllLines(readme(), StandardCharsets.UTF_8);
        int start = indexOf(lines, introduction, 0);
        int open = indexOf(lines, "```bash", start);
        List<String> commands = new ArrayList<>();
        StringBuilder command = new StringBuilder();
        for (int i = open + 1; !lines.get(i).startsWith("```"); i++) {
            String line = lines.get(i).strip();
            if (line.endsWith("\\")) {
                command.append(line, 0, line.length() - 1).append(' ');
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                commands.add(command.append(line).toString());
                command.setLength(0);
            }
        }
        return new ReadmeCommands(List.copyOf(commands));
    }

    /** Runs each command with bash against {@code gateway} (host:port) and returns their outputs. */
    List<String> runAgainst(String gateway) throws IOException, InterruptedException {
        List<String> outputs = new ArrayList<>();
        for (String command : commands) {
            outputs.add(run(command.replace(DEFAULT_GATEWAY, gateway)));
        }
        return outputs;
    }

    /**
     * Runs each command with bash in the project root (where {@code ./strata} is), with
     * {@code environment} added (e.g. {@code STRATA_GATEWAY}: the test cluster's gateway), and
     * returns their outputs (stdout and stderr together).
     */
    List<String> runInRoot(Map<String, String> environment) throws IOException, InterruptedException {
        List<String> outputs = new ArrayList<>();
        for (String command : commands) {
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(readme().getParent().toFile());
            builder.environment().putAll(environment);
            long start = System.nanoTime();
            outputs.add(run(builder, command));
            System.out.printf("README command took %.1f s: %s%n", (System.nanoTime() - start) / 1e9, command);
        }
        return outputs;
    }

    private static String run(String command) throws IOException, InterruptedException {
        return run(new ProcessBuilder("bash", "-c", command), command);
    }

    private static String run(ProcessBuilder builder, String command) throws IOException, InterruptedException {
        Process process = builder.redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("README command failed: " + command + "\n" + output);
            }
            return output;
        } finally {
            process.destroyForcibly();
        }
    }

    private static int indexOf(List<String> lines, String prefix, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new IllegalStateException("README.md has no line starting with '" + prefix + "' after line " + from);
    }

    private static Path readme() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw")) && Files.exists(dir.resolve("README.md"))) {
                return dir.resolve("README.md");
            }
        }
        throw new IllegalStateException("no README.md beside mvnw above " + Path.of("").toAbsolutePath());
    }
}
