package io.strata.deploy.images;

import io.strata.deploy.launcher.StrataBuild;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One service's {@code deploy/images/<service>/Containerfile}, read as far as the tests need:
 * its instructions in order (continuation lines joined, comments dropped) and the environment its
 * {@code ENV} instructions set ({@code KEY=value} pairs only, the form the project uses).
 */
public record Containerfile(String service, List<Instruction> instructions) {

    /** One instruction: the keyword in upper case and the rest of the line. */
    public record Instruction(String keyword, String arguments) {
    }

    /** The services that have an image, in start order. */
    public static final List<String> SERVICES = List.of("metadata-service", "partition-node", "group-coordinator",
            "gateway", "admin-ui");

    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\\S+)");

    /** The Containerfile of {@code service} in this checkout. */
    public static Containerfile of(String service) {
        Path file = StrataBuild.root().resolve("deploy/images").resolve(service).resolve("Containerfile");
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        try {
            for (String raw : Files.readAllLines(file)) {
                String text = raw.strip();
                if (text.startsWith("#") || (text.isEmpty() && line.isEmpty())) {
                    continue;
                }
                if (text.endsWith("\\")) {
                    line.append(text, 0, text.length() - 1).append(' ');
                    continue;
                }
                line.append(text);
                String[] parts = line.toString().strip().split("\\s+", 2);
                instructions.add(new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1] : ""));
                line.setLength(0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return new Containerfile(service, List.copyOf(instructions));
    }

    /** The arguments of every instruction with {@code keyword}, in order. */
    public List<String> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
    }

    /** The environment the image sets. */
    public Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String arguments : all("ENV")) {
            Matcher pair = ENV_PAIR.matcher(arguments);
            while (pair.find()) {
                environment.put(pair.group(1), pair.group(2));
            }
        }
        return environment;
    }

    /** The port the service serves HTTP and gRPC on (its {@code QUARKUS_HTTP_PORT}). */
    public int httpPort() {
        return Integer.parseInt(environment().get("QUARKUS_HTTP_PORT"));
    }
}
