package dev.ferry.local.blocks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.adapter.config.PlanLoader;
import dev.ferry.local.LocalEnvironment;
import dev.ferry.local.sample.InstallationSpec;
import dev.ferry.local.sample.SampleDataSet;
import dev.ferry.testing.IntegrationTest;
import dev.ferry.testing.TestMySql;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The local commands on the local run's engines and a small sample data set. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@IntegrationTest
class BlocksCommandTest {
    static final SampleDataSet DATA = new SampleDataSet(SampleDataSet.DEFAULT_SEED,
            List.of(new InstallationSpec("cedar-health", 12, 80, 30, 50)));

    LocalEnvironment environment;
    BlocksCommand command;
    String sourceDatabase;
    String prefix;
    Path temp;

    @BeforeAll
    void start(@TempDir Path dir) {
        temp = dir;
        String unique = TestMySql.uniqueName("cmd");
        sourceDatabase = "ferry_src_" + unique;
        prefix = "tc" + unique.substring(unique.length() - 6) + "_";
        environment = LocalEnvironment.start(TestMySql.server(), sourceDatabase, DATA, true, true, prefix);
        command = new BlocksCommand(environment, PlanLoader.load("classpath:ferry-plan.yaml"), prefix, dir.resolve("store"));
    }

    @AfterAll
    void stop() {
        if (environment != null) {
            for (String id : List.of("cedar-health-copy", "cedar-health-restored", "cedar-health-never", "cmd-dest",
                    "cmd-restored")) {
                environment.mysql().dropDatabase(prefix + id);
            }
            environment.mysql().dropDatabase(sourceDatabase);
            environment.close();
        }
        if (command != null) {
            command.close();
        }
    }

    @Test
    void shouldRunTheDemo_endToEnd_withNoMismatches_andTheDamagedArchiveRefused() {
        // given the sample app with cedar-health
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        // when the demo runs
        int code = command.execute(List.of("demo"), new PrintStream(printed, true, StandardCharsets.UTF_8));

        // then every step verified equal and the truncated archive was refused
        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isZero();
        assertThat(out).contains("exported 5 records in 4 files").contains("refused: damaged backup archive: ")
                .endsWith("blocks demo: 0 mismatches, damaged archive refused\n");
    }

    @Test
    void shouldExportImportBackupAndRestore_asSeparateCommands() {
        // given
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        String archive = temp.resolve("cmd.zip").toString();

        // when each command runs in turn
        int[] codes = {
                command.execute(List.of("export", "cmd-flow", "cedar-health", "cmd-dest"), out),
                command.execute(List.of("import", "cmd-flow"), out),
                command.execute(List.of("import", "cmd-flow"), out),
                command.execute(List.of("backup", "cmd-dest", archive, "--from-database"), out),
                command.execute(List.of("restore", archive, "cmd-restored"), out),
                command.execute(List.of("verify", "cedar-health", "cmd-restored"), out)};

        // then all succeed; the second import skips what the first imported
        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(codes).as(text).containsOnly(0);
        assertThat(text).contains("file group projects complete").contains("skipped 0 already imported")
                .containsPattern("imported 0 files into cmd-dest \\(0 upserts, 0 deletes\\), skipped [1-9]")
                .contains("missing 0  extra 0  different 0");
        assertThat(command.execute(List.of("nonsense"), out)).isEqualTo(64);
    }
}
