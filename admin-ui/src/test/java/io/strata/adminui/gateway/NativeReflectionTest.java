package io.strata.adminui.gateway;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jackson reads and writes the gateway's answers as records by reflection, which a native image keeps
 * only for registered classes (a record it does not know is written as {@code {}} or refused).
 * Every public record of this package is therefore registered; this test finds the ones that are
 * not, so that a new body type cannot silently break the native build.
 */
class NativeReflectionTest {

    @Test
    void everyPublicRecordOfTheRestPackageIsRegisteredForReflection() throws Exception {
        List<String> missing = new ArrayList<>();
        for (Class<?> type : classesOf(TopicReport.class)) {
            if (type.isRecord() && Modifier.isPublic(type.getModifiers()) && !type.isAnnotationPresent(RegisterForReflection.class)) {
                missing.add(type.getName());
            }
        }
        assertThat(missing).as("public records without @RegisterForReflection").isEmpty();
    }

    /** The classes compiled into {@code anchor}'s package directory, nested ones included. */
    static List<Class<?>> classesOf(Class<?> anchor) throws URISyntaxException, java.io.IOException, ClassNotFoundException {
        Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        String packageName = anchor.getPackageName();
        Path dir = root.resolve(packageName.replace('.', '/'));
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(".class")) {
                    classes.add(Class.forName(packageName + "." + name.substring(0, name.length() - 6), false,
                            anchor.getClassLoader()));
                }
            }
        }
        assertThat(classes).as("classes found in " + dir).isNotEmpty();
        return classes;
    }
}
