package io.strata.gateway.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.Zstd;
import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.SnappyNative;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway decodes record batches compressed with snappy, zstd or lz4 (kafka-clients' codecs),
 * whose Java libraries call into JNI libraries they unpack from their jars. A native image keeps
 * only the resources named in {@code quarkus.native.resources.includes} and lets native code reach
 * only the Java classes, fields and methods registered in the gateway's {@code jni-config.json};
 * without them a native gateway would fail on the first snappy or zstd batch. No native image can
 * be built here, so this test checks the registration against the libraries themselves: every
 * Linux x86_64 and aarch64 library of the three jars is kept, every Java class the libraries name
 * (FindClass, descriptors) is registered, every registered member exists in its class and is
 * named in a library, and the codecs' classes, which load their library in static initializers, are
 * initialized in the executable rather than in the image builder.
 */
class NativeCodecsTest {

    private static final String JNI_CONFIG = "META-INF/native-image/io.strata/strata-gateway/jni-config.json";
    /** The codec jars, each by a class it holds. */
    private static final List<Class<?>> CODECS = List.of(SnappyNative.class, Zstd.class, LZ4Factory.class);
    /** Classes whose static initializers load a codec's JNI library. */
    private static final List<String> LIBRARY_LOADERS = List.of("org.xerial.snappy.Snappy", "org.xerial.snappy.SnappyLoader",
            "com.github.luben.zstd.util.Native", "com.github.luben.zstd.ZstdInputStreamNoFinalizer",
            "com.github.luben.zstd.ZstdOutputStreamNoFinalizer", "net.jpountz.util.Native", "net.jpountz.lz4.LZ4JNI");
    /** The library builds a Linux image runs (glibc x86_64 and aarch64; not musl or Android). */
    private static final Pattern LINUX_LIBRARY = Pattern.compile("(?i).*linux/(x86_64|amd64|aarch64)/[^/]+\\.so");
    /** A Java class name as JNI spells it, with slashes. */
    private static final Pattern JNI_CLASS = Pattern.compile("(?:[a-z][a-z0-9_]*/)+[A-Z][A-Za-z0-9_$]*");
    private static final int MIN_STRING = 3;

    @Test
    void everyLinuxLibraryOfTheCodecsIsKeptInTheImage() throws Exception {
        List<PathMatcher> includes = resourceIncludes();
        Map<String, List<String>> libraries = linuxLibraries();
        assertThat(libraries.values()).as("libraries found in the codec jars").allSatisfy(list -> assertThat(list).hasSize(2));
        libraries.values().stream().flatMap(List::stream).forEach(library -> assertThat(includes)
                .as("quarkus.native.resources.includes keeps %s", library)
                .anySatisfy(include -> assertThat(include.matches(Path.of(library))).isTrue()));
        assertThat(includes).as("snappy-java's VERSION resource").anySatisfy(
                include -> assertThat(include.matches(Path.of("org/xerial/snappy/VERSION"))).isTrue());
    }

    @Test
    void theCodecsAreInitializedAtRunTimeWhereTheirLibrariesAreLoaded() throws Exception {
        List<String> args = Arrays.stream(applicationProperties().getProperty("quarkus.native.additional-build-args", "").split(","))
                .map(String::strip).toList();
        for (String loader : LIBRARY_LOADERS) {
            assertThat(args).as("a --initialize-at-run-time covers %s", loader).anySatisfy(arg -> assertThat(
                    arg.startsWith("--initialize-at-run-time=") && loader.startsWith(arg.substring(arg.indexOf('=') + 1) + ".")).isTrue());
        }
    }

    @Test
    void everyJavaClassTheLibrariesNameIsRegisteredForJni() throws Exception {
        Set<String> registered = new TreeSet<>();
        jniConfig().forEach(entry -> registered.add(entry.get("name").asText()));
        Set<String> named = new TreeSet<>();
        for (String text : libraryStrings()) {
            Matcher matcher = JNI_CLASS.matcher(text);
            while (matcher.find()) {
                String name = matcher.group().replace('/', '.');
                if (loadable(name)) {
                    named.add(name);
                }
            }
        }
        assertThat(named).as("classes the libraries name").contains("org.xerial.snappy.SnappyNative",
                "com.github.luben.zstd.ZstdFrameProgression", "java.lang.OutOfMemoryError");
        assertThat(registered).as("jni-config.json").containsAll(named);
    }

    @Test
    void everyRegisteredMemberExistsAndALibraryLooksItUp() throws Exception {
        Set<String> strings = new TreeSet<>(libraryStrings());
        for (JsonNode entry : jniConfig()) {
            Class<?> type = Class.forName(entry.get("name").asText(), false, getClass().getClassLoader());
            for (JsonNode field : entry.path("fields")) {
                String name = field.get("name").asText();
                assertThat(type.getDeclaredField(name)).as("%s.%s", type.getName(), name).isNotNull();
                assertThat(strings).as("a library looks up the field %s", name).contains(name);
            }
            for (JsonNode method : entry.path("methods")) {
                String name = method.get("name").asText();
                Class<?>[] parameters = parameterTypes(method.get("parameterTypes"));
                Object member = name.equals("<init>") ? type.getDeclaredConstructor(parameters) : type.getDeclaredMethod(name, parameters);
                assertThat(member).as("%s.%s%s", type.getName(), name, Arrays.toString(parameters)).isNotNull();
                assertThat(strings).as("a library looks up the method %s", name).contains(name);
            }
        }
    }

    private static boolean loadable(String name) {
        try {
            Class.forName(name, false, NativeCodecsTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static Class<?>[] parameterTypes(JsonNode names) throws ClassNotFoundException {
        List<Class<?>> types = new ArrayList<>();
        for (JsonNode name : names) {
            types.add(switch (name.asText()) {
                case "int" -> int.class;
                case "long" -> long.class;
                case "boolean" -> boolean.class;
                case "byte" -> byte.class;
                default -> Class.forName(name.asText());
            });
        }
        return types.toArray(Class<?>[]::new);
    }

    private static JsonNode jniConfig() throws IOException {
        try (InputStream in = NativeCodecsTest.class.getClassLoader().getResourceAsStream(JNI_CONFIG)) {
            assertThat(in).as(JNI_CONFIG + " on the class path").isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    private static Properties applicationProperties() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = NativeCodecsTest.class.getClassLoader().getResourceAsStream("application.properties")) {
            properties.load(in);
        }
        return properties;
    }

    private static List<PathMatcher> resourceIncludes() throws IOException {
        String includes = applicationProperties().getProperty("quarkus.native.resources.includes", "");
        return Arrays.stream(includes.split(",")).map(String::strip).filter(glob -> !glob.isEmpty())
                .map(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob)).toList();
    }

    /** Per codec jar, its Linux libraries' entry names. */
    private static Map<String, List<String>> linuxLibraries() throws IOException, URISyntaxException {
        Map<String, List<String>> libraries = new TreeMap<>();
        for (Class<?> codec : CODECS) {
            Path jar = Path.of(codec.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (JarFile file = new JarFile(jar.toFile())) {
                libraries.put(jar.getFileName().toString(), file.stream().map(java.util.zip.ZipEntry::getName)
                        .filter(name -> LINUX_LIBRARY.matcher(name).matches()).sorted().toList());
            }
        }
        return libraries;
    }

    /** The runs of at least {@value #MIN_STRING} printable ASCII characters in every Linux library, as strings(1) shows them. */
    private static List<String> libraryStrings() throws IOException, URISyntaxException {
        List<String> strings = new ArrayList<>();
        for (List<String> names : linuxLibraries().values()) {
            for (String name : names) {
                try (InputStream in = NativeCodecsTest.class.getClassLoader().getResourceAsStream(name)) {
                    assertThat(in).as(name).isNotNull();
                    collectStrings(in.readAllBytes(), strings);
                }
            }
        }
        return strings;
    }

    private static void collectStrings(byte[] bytes, List<String> into) {
        StringBuilder run = new StringBuilder();
        for (byte b : bytes) {
            if (b >= 0x20 && b < 0x7f) {
                run.append((char) b);
                continue;
            }
            if (run.length() >= MIN_STRING) {
                into.add(run.toString());
            }
            run.setLength(0);
        }
    }
}
