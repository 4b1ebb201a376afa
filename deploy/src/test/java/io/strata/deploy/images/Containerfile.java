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
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One service's image as {@code deploy/images/Containerfile} describes it, read as far as the tests
 * need: the instructions of the service's stage and of the stages it is built {@code FROM}, root
 * first (continuation lines joined, comments dropped), and the environment their {@code ENV}
 * instructions set ({@code KEY=value} pairs only, the form the project uses).
 */
public record Containerfile(String service, List<Instruction> instructions) {

    /** One instruction: the keyword in upper case and the rest of the line. */
    public record Instruction(String keyword, String arguments) {
    }

    /** One {@code FROM … AS name} stage (name empty for an unnamed one) and its instructions, {@code FROM} first. */
    public record Stage(String name, String from, List<Instruction> instructions) {
    }

    /** The services that have an image, in start order. */
    public static final List<String> SERVICES = List.of("metadata-service", "partition-node", "group-coordinator",
            "gateway", "admin-ui");

    /** The one file, relative to the checkout. */
    public static final String PATH = "deploy/images/Containerfile";

    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\\S+)");
    private static final Pattern FROM = Pattern.compile("(\\S+)(?:\\s+AS\\s+(\\S+))?", Pattern.CASE_INSENSITIVE);

    /** The image of {@code service}: its stage in the file and the stages under it. */
    public static Containerfile of(String service) {
        List<Stage> stages = stages();
        List<Instruction> instructions = new ArrayList<>();
        Optional<Stage> stage = stage(stages, service);
        if (stage.isEmpty()) {
            throw new IllegalArgumentException(PATH + " has no stage named '" + service + "'");
        }
        while (stage.isPresent()) {
            instructions.addAll(0, stage.get().instructions());
            stage = stage(stages, stage.get().from());
        }
        return new Containerfile(service, List.copyOf(instructions));
    }

    private static Optional<Stage> stage(List<Stage> stages, String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The instructions before the first {@code FROM} (the global build arguments). */
    public static List<Instruction> preamble() {
        List<Instruction> preamble = new ArrayList<>();
        for (Instruction instruction : read()) {
            if (instruction.keyword().equals("FROM")) {
                break;
            }
            preamble.add(instruction);
        }
        return preamble;
    }

    /** Every stage of the file, in order. */
    public static List<Stage> stages() {
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        String name = null;
        String from = null;
        for (Instruction instruction : read()) {
            if (instruction.keyword().equals("FROM")) {
                if (current != null) {
                    stages.add(new Stage(name, from, List.copyOf(current)));
                }
                Matcher matcher = FROM.matcher(instruction.arguments());
                if (!matcher.matches()) {
                    throw new IllegalStateException(PATH + ": cannot read 'FROM " + instruction.arguments() + "'");
                }
                from = matcher.group(1);
                name = matcher.group(2) == null ? "" : matcher.group(2);
                current = new ArrayList<>();
            }
            if (current != null) {
                current.add(instruction);
            }
        }
        if (current != null) {
            stages.add(new Stage(name, from, List.copyOf(current)));
        }
        return stages;
    }

    private static List<Instruction> read() {
        Path file = StrataBuild.root().resolve(PATH);
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
        return instructions;
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
