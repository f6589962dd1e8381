package dev.ferry.app;

import static dev.ferry.testing.SamplePlans.ORDERS;
import static dev.ferry.testing.SamplePlans.TAGS;
import static dev.ferry.testing.SamplePlans.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ferry.app.port.WorkMessage.TransferJob;
import dev.ferry.domain.convert.PageConverter;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.job.InstallationStatus;
import dev.ferry.domain.job.Job;
import dev.ferry.domain.job.JobId;
import dev.ferry.domain.job.JobStatus;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.testing.CoreHarness;
import dev.ferry.testing.SamplePlans;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad data from the remote, through the whole core (tick, tracker, checker, worker): the bad chain
 * fails permanently with its code and reason on the job and in the status report, nothing of the bad
 * page is written, restarts are bounded, and another installation migrating at the same time is
 * untouched.
 */
class BadInputFlowTest {
    private static final InstallationId GOOD = InstallationId.of("good");
    private static final InstallationId BAD = InstallationId.of("bad");
    private final CoreHarness ferry = new CoreHarness(SamplePlans.plan(MigrationMode.FAN_OUT));

    private void migrateUntilSettled() {
        for (int tick = 0; tick < 8; tick++) {
            new Tick(ferry.queue).run();
            ferry.deliverAll(CoreHarness.unlimited(), 10_000);
        }
    }

    private void serve(InstallationId id, List<List<Object>> users, List<List<Object>> orders, List<List<Object>> tags) {
        ferry.remote.installation(id.value(), InstallationStatus.READY)
                .rows(id.value(), USERS, users).rows(id.value(), ORDERS, orders).rows(id.value(), TAGS, tags);
    }

    private StatusReport.ChainState chain(InstallationId id, String name) {
        return new StatusReport(ferry.plan, ferry.store, ferry.remote, dev.ferry.app.port.VerificationStore.NONE,
                ferry.clock).installation(id).chains().stream()
                .filter(c -> c.chain().equals(name)).findFirst().orElseThrow();
    }

    /** Orders (5 per page): the 8th row, on the second page, is corrupted; or the headers are. */
    static Stream<Arguments> corruptions() {
        return Stream.of(
                Arguments.of("a total that is not a number", (Consumer<List<List<Object>>>) rows -> rows.get(7).set(2, "lots"),
                        ErrorCode.VALUE_CONVERSION, "column total"),
                Arguments.of("a total too large for DECIMAL(12,2)", (Consumer<List<List<Object>>>) rows ->
                        rows.get(7).set(2, new BigDecimal("12345678901.5")), ErrorCode.VALUE_CONVERSION, "DECIMAL(12,2)"),
                Arguments.of("a user id that is an object", (Consumer<List<List<Object>>>) rows ->
                        rows.get(7).set(1, new dev.ferry.domain.page.JsonText("{\"id\":1}")), ErrorCode.VALUE_CONVERSION,
                        "column user_id"),
                Arguments.of("a null id", (Consumer<List<List<Object>>>) rows -> rows.get(7).set(0, null),
                        ErrorCode.VALUE_CONVERSION, "not nullable"),
                Arguments.of("a row with a value missing", (Consumer<List<List<Object>>>) rows -> rows.get(7).remove(3),
                        ErrorCode.ROW_ARITY, "row 2"),
                Arguments.of("a row with a value too many", (Consumer<List<List<Object>>>) rows -> rows.get(7).add("extra"),
                        ErrorCode.ROW_ARITY, "row 2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void badRowFailsItsChainOnly_withTheReasonVisible_andTheOtherInstallationCompletes(
            String description, Consumer<List<List<Object>>> corrupt, ErrorCode expected, String reason) {
        // given two installations migrating at once; bad's orders carry one bad row on their second page
        serve(GOOD, SamplePlans.users(9), SamplePlans.orders(12), SamplePlans.tags(6));
        List<List<Object>> badOrders = SamplePlans.orders(12);
        corrupt.accept(badOrders);
        serve(BAD, SamplePlans.users(9), badOrders, SamplePlans.tags(6));

        // when every tick and message runs until nothing moves
        migrateUntilSettled();

        // then good is DONE with every row
        assertThat(ferry.store.trackingStatus(GOOD)).contains(InstallationStatus.DONE);
        assertThat(ferry.sink.rows("good", "orders")).hasSize(12);
        // and bad's other chains are DONE, its orders chain FAILED with the code and reason on the job
        assertThat(chain(BAD, "users").status()).isEqualTo(JobStatus.DONE);
        assertThat(chain(BAD, "tags").status()).isEqualTo(JobStatus.DONE);
        StatusReport.ChainState orders = chain(BAD, "orders");
        assertThat(orders.status()).isEqualTo(JobStatus.FAILED);
        assertThat(orders.lastError()).startsWith(expected.name() + ": orders: ").contains(reason);
        assertThat(new StatusReport(ferry.plan, ferry.store, ferry.remote).installation(BAD).failing()).isTrue();
        assertThat(ferry.store.trackingStatus(BAD)).contains(InstallationStatus.IN_PROGRESS);
        // and nothing of the bad page was written: exactly the first page's five orders
        assertThat(ferry.sink.rows("bad", "orders")).hasSize(5);
        // and a permanent failure is not retried: one attempt, left for an operator
        assertThat(orders.attempts()).isEqualTo(1);
        int fetches = ferry.remote.fetchCount();
        migrateUntilSettled();
        assertThat(ferry.remote.fetchCount()).as("no more fetches once the checker gave up").isEqualTo(fetches);
        assertThat(ferry.queue.pending()).isEmpty();
    }

    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void cursorThatDoesNotAdvance_failsTheChain_insteadOfLoopingForever() {
        // given a remote answering every users page with the same next cursor, and a budget that never runs out
        serve(GOOD, SamplePlans.users(3), SamplePlans.orders(3), SamplePlans.tags(3));
        JobId users = JobId.first("users");
        ferry.store.insertJob(GOOD, Job.pending(users, "users", null, 0, 0, 0, ferry.clock.instant()));
        RunTransferJob transfer = new RunTransferJob(ferry.plan, ferry.ports.withRemote((installation, dataType, after, limit) -> new RemotePage(USERS.columnNames(), SamplePlans.users(3),
                        dev.ferry.domain.page.Cursor.ofString("same"))), WorkerSettings.DEFAULT);

        // when its message is delivered
        RunTransferJob.Result result = transfer.run(new TransferJob(GOOD, users, "users", null), "w1", () -> 900_000);

        // then the job fails with CURSOR_NOT_ADVANCING after the first page, which stays written once
        assertThat(result.outcome()).isInstanceOf(dev.ferry.domain.budget.LoopOutcome.Failed.class);
        Job job = ferry.store.job(GOOD, users).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.lastError().code()).isEqualTo(ErrorCode.CURSOR_NOT_ADVANCING);
        assertThat(job.pages()).isEqualTo(1);
        assertThat(ferry.sink.rowsWritten()).isEqualTo(3);
    }

    @Test
    void unknownHeader_failsTheChainWithHeadersMismatch_beforeAnyRowIsWritten() {
        // given bad's users arrive with a column the plan does not have, in place of name
        serve(GOOD, SamplePlans.users(9), SamplePlans.orders(3), SamplePlans.tags(3));
        serve(BAD, SamplePlans.users(9), SamplePlans.orders(3), SamplePlans.tags(3));
        ferry.remote.headers("bad", USERS, List.of("id", "nickname", "joined"));

        // when
        migrateUntilSettled();

        // then
        StatusReport.ChainState users = chain(BAD, "users");
        assertThat(users.status()).isEqualTo(JobStatus.FAILED);
        assertThat(users.lastError()).startsWith("HEADERS_MISMATCH").contains("missing [name]").contains("unknown [nickname]");
        assertThat(ferry.sink.rows("bad", "users")).isEmpty();
        assertThat(ferry.store.trackingStatus(GOOD)).contains(InstallationStatus.DONE);
    }

    @Test
    void reorderedHeaders_areMappedByName_andTheMigrationCompletes() {
        // given a remote that sends users' columns in another order (rows to match)
        List<List<Object>> reordered = new ArrayList<>();
        for (List<Object> row : SamplePlans.users(9)) {
            reordered.add(new ArrayList<>(List.of(row.get(2), row.get(0), row.get(1))));
        }
        serve(GOOD, reordered, SamplePlans.orders(3), SamplePlans.tags(3));
        ferry.remote.headers("good", USERS, List.of("joined", "id", "name"));

        // when
        migrateUntilSettled();

        // then every value lands in its own column
        assertThat(ferry.store.trackingStatus(GOOD)).contains(InstallationStatus.DONE);
        RemotePage planOrder = new RemotePage(USERS.columnNames(), SamplePlans.users(9), null);
        assertThat(ferry.sink.rows("good", "users")).containsExactlyElementsOf(PageConverter.convert(USERS, planOrder));
    }

    @Test
    void jobOfADataTypeTheplanDoesNotKnow_failsWithUnknownDataType_andShowsInTheStatus() {
        // given an installation with a job for a data type the plan no longer has
        serve(GOOD, SamplePlans.users(3), SamplePlans.orders(3), SamplePlans.tags(3));
        migrateUntilSettled();
        JobId ghost = JobId.first("invoices");
        ferry.store.insertJob(GOOD, Job.pending(ghost, "invoices", null, 0, 0, 0, ferry.clock.instant()));
        int writes = ferry.sink.rowsWritten();

        // when its message is delivered
        ferry.handler.handle(new TransferJob(GOOD, ghost, "invoices", null), "d1", () -> 900_000);

        // then the job is FAILED with UNKNOWN_DATA_TYPE, nothing is written, and the status report lists it
        Job job = ferry.store.job(GOOD, ghost).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.lastError().code()).isEqualTo(ErrorCode.UNKNOWN_DATA_TYPE);
        assertThat(ferry.sink.rowsWritten()).isEqualTo(writes);
        assertThat(chain(GOOD, "invoices").lastError()).startsWith("UNKNOWN_DATA_TYPE: data type not in plan: invoices");
    }

    @Test
    void messageForAnInstallationFerryHasNoStateFor_isRefusedPermanently_andCreatesNothing() {
        // given a transfer message naming an installation nobody tracked
        TransferJob message = new TransferJob(InstallationId.of("stranger"), JobId.first("users"), "users", null);

        // when
        FerryException e = catchThrowableOfType(FerryException.class, () -> ferry.handler.handle(message, "d1", () -> 900_000));

        // then it is refused as UNKNOWN_INSTALLATION (permanent: acknowledged), and nothing exists for it
        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_INSTALLATION);
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("stranger").contains(JobId.first("users").toString());
        assertThat(ferry.store.jobs(InstallationId.of("stranger"))).isEmpty();
        assertThat(ferry.store.trackingStatus(InstallationId.of("stranger"))).isEmpty();
        assertThat(ferry.schemaApplied).doesNotContainKey(InstallationId.of("stranger"));
        assertThat(ferry.remote.fetchCount()).isZero();
    }

    @Test
    void messageForAJobTheInstallationDoesNotHave_isRefusedPermanently_andCreatesNothing() {
        // given a tracked installation, and a message for a job of a data type nobody planned
        serve(GOOD, SamplePlans.users(3), SamplePlans.orders(3), SamplePlans.tags(3));
        migrateUntilSettled();
        int jobs = ferry.store.jobs(GOOD).size();
        TransferJob message = new TransferJob(GOOD, JobId.first("invoices"), "invoices", null);

        // when
        FerryException e = catchThrowableOfType(FerryException.class, () -> ferry.handler.handle(message, "d1", () -> 900_000));

        // then
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
        assertThat(e.retryable()).isFalse();
        assertThat(ferry.store.jobs(GOOD)).hasSize(jobs);
    }

    @Test
    void duplicateDeliveryOfAFinishedJob_isStillJustSkipped() {
        // given a finished migration
        serve(GOOD, SamplePlans.users(3), SamplePlans.orders(3), SamplePlans.tags(3));
        migrateUntilSettled();
        TransferJob first = ferry.queue.sent(TransferJob.class).get(0);

        // when its first message is delivered again
        HandleWorkMessage.Handled handled = ferry.handler.handle(first, "again", () -> 900_000);

        // then it is not an error
        assertThat(handled.summary()).contains("not claimed");
        assertThat(handled.jobFailed()).isFalse();
    }

    @Test
    void retryableBadBody_waitsWithItsNextAttemptVisible_thenFailsWithTheLastError_afterTheGiveUpTime() {
        // given a remote whose users pages are unreadable every time
        serve(GOOD, SamplePlans.users(3), SamplePlans.orders(3), SamplePlans.tags(3));
        new Tick(ferry.queue).run();
        ferry.deliverAll(CoreHarness.unlimited(), 2); // list, then track (which fans out three jobs)
        TransferJob users = ferry.queue.pending().stream().filter(TransferJob.class::isInstance).map(TransferJob.class::cast)
                .filter(t -> t.dataType().equals("users")).findFirst().orElseThrow();

        // when the job is attempted five times, each when it falls due, and fails each time
        for (int delivery = 1; delivery <= 5; delivery++) {
            ferry.remote.failNextFetch(new FerryException(ErrorCode.REMOTE_MALFORMED_RESPONSE, "truncated JSON"));
            HandleWorkMessage.Handled handled = ferry.handler.handle(users, "d" + delivery, () -> 900_000);
            assertThat(handled.jobFailed()).isFalse();
            StatusReport.ChainState waiting = chain(GOOD, "users");
            assertThat(waiting.waiting()).isTrue();
            ferry.clock.advance(java.time.Duration.between(ferry.clock.instant(),
                    java.time.Instant.parse(waiting.nextAttemptAt())));
        }

        // then the job waits PENDING with the reason, the attempts counted and its next attempt shown
        StatusReport.ChainState chain = chain(GOOD, "users");
        assertThat(chain.status()).isEqualTo(JobStatus.PENDING);
        assertThat(chain.attempts()).isEqualTo(5);
        assertThat(chain.lastError()).isEqualTo("REMOTE_MALFORMED_RESPONSE: truncated JSON");
        assertThat(chain.failingSince()).isNotNull();

        // when it keeps failing past the give-up time (10 minutes in the harness)
        ferry.clock.advance(java.time.Duration.ofMinutes(10));
        ferry.remote.failNextFetch(new FerryException(ErrorCode.REMOTE_MALFORMED_RESPONSE, "truncated JSON"));
        HandleWorkMessage.Handled last = ferry.handler.handle(users, "d6", () -> 900_000);

        // then the chain is FAILED with the last error's code and a reason saying Ferry gave up; nothing is re-sent
        assertThat(last.jobFailed()).isTrue();
        StatusReport.ChainState failed = chain(GOOD, "users");
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.lastError()).startsWith("REMOTE_MALFORMED_RESPONSE: gave up after").contains("truncated JSON");
        ferry.queue.clear();
        ferry.clock.advance(java.time.Duration.ofHours(1));
        ferry.tracker.track(GOOD);
        assertThat(ferry.queue.pending()).noneMatch(m -> m instanceof TransferJob t && t.dataType().equals("users"));
    }

}
