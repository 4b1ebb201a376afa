package io.strata.deploy.images;

import io.strata.deploy.kubernetes.ServiceSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every image promises (deploy/README.md, "Images"), checked in deploy/images/Containerfile,
 * whose build argument SERVICE picks the service's stage: a base image chosen by build argument (so the same file builds on the Debian base and on a public
 * JRE image), a non-root user, data on a volume, a health check on the readiness endpoint, all
 * interfaces, and only environment names the service reads.
 */
class ContainerfilesTest {

    /** Read by the platform rather than by Strata's code. */
    static final Set<String> PLATFORM = Set.of("QUARKUS_HTTP_HOST", "QUARKUS_HTTP_PORT", "JAVA_TOOL_OPTIONS");

    static List<String> services() {
        return Containerfile.SERVICES;
    }

    @Test
    void oneFileBuildsEveryServiceChosenByABuildArgument() {
        List<Containerfile.Instruction> preamble = Containerfile.preamble();
        assertThat(preamble).extracting(Containerfile.Instruction::keyword).containsOnly("ARG");
        assertThat(preamble).extracting(Containerfile.Instruction::arguments).contains("SERVICE");
        List<Containerfile.Stage> stages = Containerfile.stages();
        assertThat(stages.get(stages.size() - 1).from()).as("the image is the stage SERVICE names").isEqualTo("${SERVICE}");
        assertThat(stages).extracting(Containerfile.Stage::name).filteredOn(name -> !name.isEmpty() && !name.equals("jvm-service"))
                .containsExactlyElementsOf(Containerfile.SERVICES);
    }

    @ParameterizedTest
    @MethodSource("services")
    void theBaseImageIsABuildArgumentWithAPublicDefault(String service) {
        Containerfile file = Containerfile.of(service);

        assertThat(Containerfile.preamble()).extracting(Containerfile.Instruction::arguments)
                .anySatisfy(arg -> assertThat(arg).startsWith("BASE_IMAGE=docker.io/library/eclipse-temurin:17-jre"));
        assertThat(file.all("FROM").get(0)).startsWith("${BASE_IMAGE} ");
    }

    @ParameterizedTest
    @MethodSource("services")
    void itRunsAsANonRootUserWithItsDataOnAVolume(String service) {
        Containerfile file = Containerfile.of(service);

        assertThat(file.all("USER")).containsExactly("185");
        assertThat(file.all("VOLUME")).containsExactly("/var/lib/strata");
        file.environment().forEach((name, value) -> {
            if (name.endsWith("_DATA_DIR")) {
                assertThat(value).as(name).startsWith("/var/lib/strata/");
            }
        });
        assertThat(file.all("ENTRYPOINT")).singleElement().asString()
                .contains("\"-jar\", \"/deployments/quarkus-run.jar\"").contains("-Djava.io.tmpdir=/tmp");
    }

    @ParameterizedTest
    @MethodSource("services")
    void itListensOnAllInterfacesAndChecksItsReadiness(String service) {
        Containerfile file = Containerfile.of(service);

        assertThat(file.environment()).containsEntry("QUARKUS_HTTP_HOST", "0.0.0.0");
        assertThat(file.all("EXPOSE")).singleElement().asString().startsWith(Integer.toString(file.httpPort()));
        assertThat(file.all("HEALTHCHECK")).singleElement().asString()
                .contains("/dev/tcp/127.0.0.1/${QUARKUS_HTTP_PORT}").contains("GET /q/health/ready");
    }

    @ParameterizedTest
    @MethodSource("services")
    void itSetsOnlyNamesTheServiceReads(String service) {
        Set<String> read = new TreeSet<>(ServiceSettings.of(service).envNames());
        read.addAll(PLATFORM);

        assertThat(Containerfile.of(service).environment().keySet()).isSubsetOf(read);
    }
}
