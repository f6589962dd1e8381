package dev.ferry.cli.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command's usage errors, which stop it before any request (exit code 2). */
class CheckRemoteCommandTest {

    private static final String SECRET = "a-secret-of-at-least-32-bytes-0123456789";

    private static int run(StringWriter err, java.util.function.Function<String, String> env, String... args) {
        CommandLine command = new CommandLine(new CheckRemoteCommand(env));
        command.setErr(new PrintWriter(err));
        command.setOut(new PrintWriter(new StringWriter()));
        return command.execute(args);
    }

    @Test
    void shouldExitTwo_whenNoTokenSecretIsGiven() {
        // given
        StringWriter err = new StringWriter();

        // when
        int exit = run(err, name -> null, "http://127.0.0.1:9", "--installation", "acme");

        // then
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("no token secret", CheckRemoteCommand.SECRET_ENV);
    }

    @Test
    void shouldExitTwo_whenTheSecretIsTooShortForHs256() {
        // given
        StringWriter err = new StringWriter();

        // when
        int exit = run(err, name -> "short", "http://127.0.0.1:9", "--installation", "acme");

        // then
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("HS256 secret must be at least 32 bytes");
    }

    @Test
    void shouldExitTwo_whenTheInstallationIdOrPageLimitIsInvalid() {
        // given
        StringWriter badId = new StringWriter();
        StringWriter badLimit = new StringWriter();

        // when
        int idExit = run(badId, name -> SECRET, "http://127.0.0.1:9", "--installation", "Not An Id");
        int limitExit = run(badLimit, name -> SECRET, "http://127.0.0.1:9", "--installation", "acme",
                "--page-limit", "20000");

        // then
        assertThat(idExit).isEqualTo(2);
        assertThat(badId.toString()).contains("invalid installation id");
        assertThat(limitExit).isEqualTo(2);
        assertThat(badLimit.toString()).contains("page limit must be 1..10000");
    }

    @Test
    void shouldExitTwo_whenTheInstallationIsMissing() {
        // given
        StringWriter err = new StringWriter();

        // when
        int exit = run(err, name -> SECRET, "http://127.0.0.1:9");

        // then
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--installation=<installation>'");
    }

    @Test
    void shouldCountOnlyFailuresAgainstTheRemote_whenTheReportIsPrinted() {
        // given
        ContractReport clean = new ContractReport(List.of(CheckResult.pass("token.missing", "HTTP 401"),
                CheckResult.skip("checksums[issues]", "not offered (HTTP 404)")));
        ContractReport failed = new ContractReport(List.of(CheckResult.pass("token.missing", "HTTP 401"),
                CheckResult.fail("pages[issues].limit", "page 1 held 3 items when asked for limit=2")));

        // then
        assertThat(clean.passed()).isTrue();
        assertThat(clean.table()).contains("token.missing      PASS    HTTP 401")
                .contains("checksums[issues]  SKIP    not offered (HTTP 404)")
                .endsWith("1 passed, 0 failed, 1 skipped: the remote meets the contract as far as checked\n");
        assertThat(failed.passed()).isFalse();
        assertThat(failed.failures()).extracting(CheckResult::name).containsExactly("pages[issues].limit");
        assertThat(failed.table()).contains("1 passed, 1 failed, 0 skipped: the remote does NOT meet the contract");
    }
}
