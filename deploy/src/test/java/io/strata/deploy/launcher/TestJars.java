package io.strata.deploy.launcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Makes a manifest-only executable jar whose Class-Path is this test JVM's class path, so that a
 * test main class runs as a real process through {@code java -jar}, exactly as the launcher starts
 * services.
 */
public final class TestJars {

    private TestJars() {
    }

    /**
     * An executable jar named {@code name} holding {@code mainClass} itself, with no Class-Path: for
     * what takes classes from jars only (a class archive), where the test's class path of directories
     * would not do. The main class may use nothing but the JDK.
     */
    public static Path selfContainedJar(Path dir, String name, Class<?> mainClass) throws IOException {
        Files.createDirectories(dir);
        Path jar = dir.resolve(name);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass.getName());
        String entry = mainClass.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest);
             InputStream classFile = mainClass.getClassLoader().getResourceAsStream(entry)) {
            jarOut.putNextEntry(new JarEntry(entry));
            classFile.transferTo(jarOut);
            jarOut.closeEntry();
        }
        return jar;
    }

    public static Path classpathJar(Path dir, Class<?> mainClass) throws IOException {
        Files.createDirectories(dir);
        Path jar = dir.resolve(mainClass.getSimpleName() + ".jar");
        List<String> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                urls.add(Path.of(entry).toAbsolutePath().toUri().toString());
            }
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }
}
