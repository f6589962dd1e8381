package dev.ferry.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.IntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * What the package phase built (this runs after it, in the integration lane): the functions' zip holds no
 * app-side library, and the app-side jar holds those libraries and the shared JDBC conventions only.
 */
@IntegrationTest
class ArtifactsTest {
    private static final Path TARGET = Path.of("target");

    private static List<String> classes(Path archive) throws IOException {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            return zip.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".class")).toList();
        }
    }

    private static Path appSideJar() throws IOException {
        try (Stream<Path> files = Files.list(TARGET)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-app-side.jar")).findFirst().orElseThrow();
        }
    }

    @Test
    void shouldLeaveTheAppSideLibrariesOutOfTheFunctionZip() throws IOException {
        // when
        List<String> classes = classes(TARGET.resolve("function.zip"));

        // then the functions are there, the verifier and the dual-write helper are not
        assertThat(classes).contains("dev/ferry/adapter/lambda/WorkerHandler.class");
        assertThat(classes).noneMatch(n -> n.startsWith("dev/ferry/verifier/") || n.startsWith("dev/ferry/dualwrite/"));
    }

    @Test
    void shouldBuildTheAppSideJar_withTheVerifierTheDualWriteHelperAndTheSharedJdbcConventionsOnly() throws IOException {
        // when
        List<String> classes = classes(appSideJar());

        // then
        assertThat(classes).contains("dev/ferry/verifier/RemoteTokenVerifier.class", "dev/ferry/dualwrite/DualWriter.class",
                "dev/ferry/jdbc/SqlErrorClassifier.class");
        assertThat(classes).allMatch(n -> n.startsWith("dev/ferry/verifier/") || n.startsWith("dev/ferry/dualwrite/")
                || n.startsWith("dev/ferry/jdbc/"));
    }
}
