package io.strata.deploy.kubernetes;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration keys one Java source file declares that it reads, found the three ways
 * Strata's services read configuration:
 * <ul>
 *   <li>a {@code @ConfigMapping(prefix = "…")} interface: one key per abstract method, named
 *       prefix + "." + the method name in kebab case (SmallRye's default), with nested group
 *       interfaces ({@code Kafka kafka();}) adding their method's name to the prefix;</li>
 *   <li>{@code @ConfigProperty(name = "…")} injection points;</li>
 *   <li>a {@code ConfigSourceFactory}'s {@code static final String} constants holding a dotted
 *       key: the keys it looks up in the config it is built from (the database settings).</li>
 * </ul>
 * Map-valued groups (e.g. {@code topic-defaults}) come out as one key without their entries.
 * {@code @WithName} and {@code @WithParentName} change names in ways this scan does not follow,
 * so a file using them is refused rather than read wrong.
 */
final class SettingNames {

    private static final Pattern MAPPING = Pattern.compile(
            "@ConfigMapping\\s*\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"\\s*\\)[^{]*?\\binterface\\s+(\\w+)[^{]*\\{");
    private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)[^{;]*\\{");
    private static final Pattern ABSTRACT_METHOD = Pattern.compile(
            "([\\w.]+(?:<[\\w.<>, ?]*>)?)\\s+(\\w+)\\s*\\(\\s*\\)\\s*;");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile(
            "@ConfigProperty\\s*\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern FACTORY_KEY = Pattern.compile(
            "static\\s+final\\s+String\\s+\\w+\\s*=\\s*\"([a-z][\\w-]*(?:\\.[\\w-]+)+)\"\\s*;");

    private SettingNames() {
    }

    /** Every key {@code text} (one .java file) declares that it reads; {@code file} names it in errors. */
    static Set<String> in(String file, String text) {
        JavaSource source = JavaSource.of(text);
        if (source.code().contains("@WithName") || source.code().contains("@WithParentName")) {
            throw new AssertionError(file + " uses @WithName or @WithParentName, which this scan does not follow");
        }
        Set<String> keys = new LinkedHashSet<>();
        keys.addAll(configMappings(source));
        CONFIG_PROPERTY.matcher(source.code()).results().forEach(m -> keys.add(m.group(1)));
        if (source.blanked().matches("(?s).*\\bimplements\\s+ConfigSourceFactory\\b.*")) {
            FACTORY_KEY.matcher(source.code()).results().forEach(m -> keys.add(m.group(1)));
        }
        return keys;
    }

    private static Set<String> configMappings(JavaSource source) {
        Map<String, Integer> interfaces = new HashMap<>();
        INTERFACE.matcher(source.blanked()).results().forEach(m -> interfaces.put(m.group(1), m.end() - 1));
        Set<String> keys = new LinkedHashSet<>();
        Matcher mapping = MAPPING.matcher(source.code());
        while (mapping.find()) {
            addGroup(source, interfaces, mapping.group(1), interfaces.get(mapping.group(2)), keys);
        }
        return keys;
    }

    /** Adds the keys of the interface whose body opens at {@code open}, under {@code prefix}. */
    private static void addGroup(JavaSource source, Map<String, Integer> interfaces, String prefix, int open,
                                 Set<String> keys) {
        String members = topLevel(source.blanked(), open, source.closingBrace(open));
        Matcher method = ABSTRACT_METHOD.matcher(members);
        while (method.find()) {
            String key = prefix + "." + kebab(method.group(2));
            String group = groupType(method.group(1));
            if (interfaces.containsKey(group)) {
                addGroup(source, interfaces, key, interfaces.get(group), keys);
            } else {
                keys.add(key);
            }
        }
    }

    /** The text of a body at its own level: nested bodies (other interfaces, default methods) left out. */
    private static String topLevel(String blanked, int open, int close) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (int i = open; i < close; i++) {
            char c = blanked.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (depth == 1) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code Kafka} for {@code Kafka} and {@code Optional<Kafka>}: a group may be optional. */
    private static String groupType(String type) {
        Matcher optional = Pattern.compile("Optional<(\\w+)>").matcher(type);
        return optional.matches() ? optional.group(1) : type;
    }

    /** {@code dataDir} → {@code data-dir}. */
    static String kebab(String methodName) {
        return methodName.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
