package io.strata.deploy.kubernetes;

import io.strata.deploy.launcher.StrataBuild;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The manifests in {@code deploy/kubernetes} as they are checked: the base's files as written
 * (parsed one by one, no kustomize needed), and each overlay as {@code kubectl kustomize}
 * renders it. An overlay's check is skipped, saying why, where kubectl is not on the PATH.
 * Rendered and parsed sets are kept for the rest of the test run.
 */
enum Variant {
    BASE("base"),
    DEV("overlays/dev"),
    PRODUCTION("overlays/production");

    private static final Map<Variant, ManifestSet> PARSED = new ConcurrentHashMap<>();

    private final String path;

    Variant(String path) {
        this.path = path;
    }

    /** {@code <project root>/deploy/kubernetes}. */
    static Path root() {
        return StrataBuild.root().resolve("deploy").resolve("kubernetes");
    }

    Path dir() {
        return root().resolve(path);
    }

    /** This variant's objects; for an overlay, skips the calling test when kubectl is missing. */
    ManifestSet manifests() {
        if (this != BASE) {
            assumeTrue(Kubectl.onPath().isPresent(),
                    "kubectl is not on the PATH: " + path + " cannot be rendered with kustomize, so it is not checked");
        }
        return PARSED.computeIfAbsent(this, Variant::load);
    }

    private ManifestSet load() {
        if (this == BASE) {
            return baseFiles();
        }
        return ManifestSet.parse(Kubectl.onPath().orElseThrow().kustomize(dir()));
    }

    /** Every resource file the base's kustomization lists, parsed as written. */
    private ManifestSet baseFiles() {
        List<ManifestSet> files = Kustomization.read(dir()).resources().stream()
                .map(file -> ManifestSet.parse(read(dir().resolve(file))))
                .toList();
        return ManifestSet.concat(files);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return path;
    }
}
