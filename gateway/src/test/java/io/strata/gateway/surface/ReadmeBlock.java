package io.strata.gateway.surface;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The shell commands of one fenced {@code bash} block of the gateway's README, found by the
 * sentence that introduces it, so a test runs exactly what a reader copies. Continuation lines
 * (ending in a backslash) are joined; comment lines are skipped; the one change made is the
 * gateway's address ({@value #DEFAULT_GATEWAY} → the test's), as test gateways listen on free ports.
 */
record ReadmeBlock(List<String> commands) {

    static final String DEFAULT_GATEWAY = "localhost:8080";

    /** The first {@code bash} block after the line starting with {@code introduction}. */
    static ReadmeBlock after(String introduction) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
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
        return new ReadmeBlock(List.copyOf(commands));
    }

    /** Runs each command with bash against {@code gateway} (host:port); answers each one's output. */
    List<String> runAgainst(String gateway) throws IOException, InterruptedException {
        List<String> outputs = new ArrayList<>();
        for (String command : commands) {
            outputs.add(run(command.replace(DEFAULT_GATEWAY, gateway)));
        }
        return outputs;
    }

    private static String run(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("README command failed: " + command + "\n" + output);
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
        throw new AssertionError("README.md has no line starting with '" + prefix + "' after line " + from);
    }
}
