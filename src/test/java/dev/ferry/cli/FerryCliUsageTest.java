package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The command line itself: commands, help, and usage errors (exit 2) before anything is reached. */
class FerryCliUsageTest {

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = FerryCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void shouldListEveryCommand_whenHelpIsAsked() {
        // when
        Result result = run("--help");

        // then
        assertThat(result.code).isZero();
        assertThat(result.out).contains("Usage: ferry").contains("status", "verify", "retry", "pause", "resume", "cutover",
                "reverse-sync", "rollback", "redrive", "check-remote", "plan");
    }

    @Test
    void shouldDescribeTheTargetOptions_whenACommandsHelpIsAsked() {
        // when
        Result result = run("status", "--help");

        // then
        assertThat(result.code).isZero();
        assertThat(result.out).contains("--target", "--queue-url", "--database-url", "--status-function", "--json");
    }

    @Test
    void shouldExitWithUsageError_whenNoCommandIsGiven() {
        // when
        Result result = run();

        // then
        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains("a command is required");
    }

    @Test
    void shouldExitWithUsageError_whenTheCommandIsUnknown() {
        // when
        Result result = run("teleport", "acme");

        // then
        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains("Unmatched argument");
    }

    @Test
    void shouldExitWithUsageError_whenVerifyHasNoInstallation() {
        // when
        Result result = run("verify", "--repair");

        // then
        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains("Missing required parameter: 'INSTALLATION'");
    }

    @Test
    void shouldExitWithUsageError_whenPauseNamesAnInstallationAndAll() {
        // when
        Result result = run("pause", "acme", "--all");

        // then
        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains("mutually exclusive");
    }

    @Test
    void shouldExitWithUsageError_whenResumeNamesNothing() {
        // when
        Result result = run("resume");

        // then
        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains("(INSTALLATION | --all)");
    }

    @Test
    void shouldExitWithUsageError_whenTheInstallationIdIsInvalid() {
        // when
        Result result = run("status", "no spaces/allowed");

        // then
        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains("not an installation id");
    }

    @Test
    void shouldExitWithUsageError_whenTheTargetIsUnknown() {
        // when
        Result result = run("status", "--target", "mars");

        // then
        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains("--target");
    }

    @Test
    void shouldFailWithExit1_whenTheAwsTargetHasNoQueueUrl() {
        // when the AWS target has neither a status function (nothing can be checked) nor a queue
        Result result = run("retry", "acme", "--target", "aws");

        // then
        assertThat(result.code).isEqualTo(1);
        assertThat(result.out).contains("not checked first");
        assertThat(result.err).contains("the work queue is unknown: give --queue-url");
    }

    @Test
    void shouldFailWithExit1BeforeAnyCall_whenTheAwsRegionIsUnknown() {
        // when the queue URL names no region (and neither option, environment nor profile does)
        Result result = run("redrive", "--target", "aws", "--queue-url", "http://127.0.0.1:1/000000000000/ferry-work");

        // then
        assertThat(result.code).isEqualTo(1);
        assertThat(result.err).contains("the AWS region is unknown: give --region");
    }

    @Test
    void shouldGenerateAPlan_fromAFileOfCreateTableStatements() throws Exception {
        // given the shop schema's CREATE TABLE statements (foreign keys included)
        java.nio.file.Path ddl = java.nio.file.Path.of(getClass().getResource("/schemas/shop.sql").toURI());

        // when ferry plan reads it
        Result result = run("plan", "--ddl", ddl.toString(), "--name", "shop");

        // then a plan comes out on standard output, parents before children, and a summary on standard error
        assertThat(result.code).as(result.err).isZero();
        assertThat(result.out).contains("name: shop").contains("dataTypes:");
        assertThat(result.out.indexOf("name: country")).isPositive().isLessThan(result.out.indexOf("name: store"));
        assertThat(result.err).contains("plan: ").contains("data types, schema version 1 (new)");
    }

    @Test
    void shouldExitWithUsageError_whenPlanIsGivenNeitherADatabaseNorAFile() {
        // when
        Result result = run("plan", "--name", "shop");

        // then
        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains("give either --jdbc-url with --database, or --ddl");
    }
}
