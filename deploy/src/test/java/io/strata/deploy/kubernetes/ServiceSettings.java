package io.strata.deploy.kubernetes;

import io.strata.deploy.launcher.StrataBuild;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration keys a Strata service reads, taken from its sources at test time: the
 * service's module and every Strata module it depends on outside test scope (transitively; e.g.
 * the metadata service reads the database settings of {@code database}), scanned by
 * {@link SettingNames}. {@link #envNames()} gives them as environment variables, named as Quarkus
 * maps them: every character that is not a letter or digit becomes {@code _}, then upper case
 * ({@code strata.node.raft.bind-address} → {@code STRATA_NODE_RAFT_BIND_ADDRESS}).
 */
public record ServiceSettings(String module, Set<String> keys) {

    private static final Pattern DEPENDENCY = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);
    private static final Pattern STRATA_ARTIFACT = Pattern.compile("<artifactId>strata-([\\w-]+)</artifactId>");

    /** The keys the service built from {@code module} reads. */
    public static ServiceSettings of(String module) {
        Path root = StrataBuild.root();
        Set<String> keys = new TreeSet<>();
        for (String scanned : modules(root, module, new LinkedHashSet<>())) {
            keys.addAll(keysIn(root.resolve(scanned).resolve("src/main/java")));
        }
        return new ServiceSettings(module, Set.copyOf(keys));
    }

    /** The keys as Quarkus environment variable names. */
    public Set<String> envNames() {
        Set<String> names = new TreeSet<>();
        keys.forEach(key -> names.add(envName(key)));
        return names;
    }

    static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** {@code module} and the Strata modules it depends on outside test scope, transitively. */
    private static Set<String> modules(Path root, String module, Set<String> seen) {
        Path pom = root.resolve(module).resolve("pom.xml");
        if (!Files.isRegularFile(pom)) {
            throw new AssertionError("no module " + module + " at " + pom.getParent());
        }
        if (seen.add(module)) {
            Matcher dependency = DEPENDENCY.matcher(read(pom));
            while (dependency.find()) {
                Matcher artifact = STRATA_ARTIFACT.matcher(dependency.group(1));
                if (artifact.find() && !dependency.group(1).contains("<scope>test</scope>")) {
                    modules(root, artifact.group(1), seen);
                }
            }
        }
        return seen;
    }

    private static Set<String> keysIn(Path sources) {
        if (!Files.isDirectory(sources)) {
            return Set.of();
        }
        Set<String> keys = new TreeSet<>();
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(f -> f.toString().endsWith(".java"))
                    .forEach(f -> keys.addAll(SettingNames.in(f.toString(), read(f))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
