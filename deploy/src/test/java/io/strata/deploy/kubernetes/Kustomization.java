package io.strata.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@code kustomization.yaml} lists: its resources (files or directories, relative to it)
 * and its image tags ({@code images:} name → newTag). Read as plain YAML: kustomize's own model is
 * not in fabric8.
 */
record Kustomization(Path dir, List<String> resources, Map<String, String> imageTags) {

    static Kustomization read(Path dir) {
        try {
            JsonNode root = new YAMLMapper().readTree(dir.resolve("kustomization.yaml").toFile());
            List<String> resources = new ArrayList<>();
            root.path("resources").forEach(node -> resources.add(node.asText()));
            Map<String, String> tags = new LinkedHashMap<>();
            root.path("images").forEach(node -> tags.put(node.path("name").asText(), node.path("newTag").asText()));
            return new Kustomization(dir, List.copyOf(resources), Map.copyOf(tags));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
