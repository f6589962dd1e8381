package dev.ferry.domain.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.page.Cursor;
import dev.ferry.domain.plan.ChangeFeed;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.verify.RowKey;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChangeCursorTest {
    static final DataType ISSUES = new DataType("issues", "issues", "issues",
            List.of(Column.of("id", ColumnType.INTEGER), Column.nullable("title", ColumnType.STRING),
                    Column.of("updated_at", ColumnType.DATETIME)),
            List.of("id"), 100, 1, new ChangeFeed("updated_at", true));
    static final DataType WATCHERS = new DataType("watchers", "watchers", "watchers",
            List.of(Column.of("issue_id", ColumnType.INTEGER), Column.of("user_key", ColumnType.STRING),
                    Column.of("updated_at", ColumnType.DATETIME)),
            List.of("issue_id", "user_key"), 100, 2, new ChangeFeed("updated_at", false));

    static final LocalDateTime T = LocalDateTime.of(2026, 3, 1, 10, 0, 0);

    // ---- text form ------------------------------------------------------------------------------

    static Stream<Arguments> cursors() {
        return Stream.of(
                Arguments.of(ISSUES, ChangeCursor.start(null, null)),
                Arguments.of(ISSUES, ChangeCursor.start(T, null)),
                Arguments.of(ISSUES, ChangeCursor.start(null, T)),
                Arguments.of(ISSUES, ChangeCursor.start(T, T.plusHours(1)).after(T.plusMinutes(5), RowKey.of(42L))),
                Arguments.of(ISSUES, ChangeCursor.start(T.withNano(123_456_000), null).startOf(ChangePhase.DELETIONS)
                        .after(T.plusSeconds(1).withNano(999_000_000), RowKey.of(Long.MAX_VALUE))),
                Arguments.of(WATCHERS, ChangeCursor.start(T, null).after(T, RowKey.of(7L, "alice|bob.carol"))),
                Arguments.of(WATCHERS, ChangeCursor.start(null, null).startOf(ChangePhase.DELETIONS)
                        .after(T, RowKey.of(-3L, "Zoë 😀 ~#@"))));
    }

    @ParameterizedTest
    @MethodSource("cursors")
    void shouldReadBackTheSameCursor_afterWritingItAsAJobCursor(DataType type, ChangeCursor cursor) {
        // given a change cursor (open or closed window, with or without a position, composite keys)
        // when it is written as a job cursor and read back
        Cursor stored = cursor.toCursor();
        ChangeCursor back = ChangeCursor.of(type, Cursor.decode(stored.encode()));

        // then it is the same cursor, kept as text (never a number)
        assertThat(back).isEqualTo(cursor);
        assertThat(stored.numeric()).isFalse();
        assertThat(stored.value()).startsWith("chg1|" + cursor.phase().name() + "|");
    }

    @Test
    void shouldWriteEmptyFields_forNullBoundsAndNoPosition() {
        // given the start of a pass with an open window
        ChangeCursor start = ChangeCursor.start(null, null);

        // when / then every optional field is empty
        assertThat(start.toCursor().value()).isEqualTo("chg1|CHANGES||||");
        assertThat(ChangeCursor.start(T, null).toCursor().value()).isEqualTo("chg1|CHANGES|2026-03-01T10:00|||");
    }

    @Test
    void shouldKeepNullBoundsNull_afterTheRoundTrip() {
        // given a cursor with an open window and a position
        ChangeCursor cursor = ChangeCursor.start(null, null).after(T, RowKey.of(1L));

        // when
        ChangeCursor back = ChangeCursor.of(ISSUES, cursor.toCursor());

        // then the bounds are still open, and the key is typed as the column says
        assertThat(back.from()).isNull();
        assertThat(back.until()).isNull();
        assertThat(back.afterUpdatedAt()).isEqualTo(T);
        assertThat(back.afterKey().values()).containsExactly(1L);
    }

    @Test
    void shouldKeepTheWindowAndDropThePosition_whenStartingAnotherPhase() {
        // given a position inside the changes feed
        ChangeCursor changes = ChangeCursor.start(T, T.plusHours(1)).after(T.plusMinutes(1), RowKey.of(5L));

        // when moving to the deletions feed
        ChangeCursor deletions = changes.startOf(ChangePhase.DELETIONS);

        // then the window stays, the position is gone
        assertThat(deletions).isEqualTo(new ChangeCursor(ChangePhase.DELETIONS, T, T.plusHours(1), null, null));
    }

    // ---- order ----------------------------------------------------------------------------------

    @Test
    void shouldTreatEveryRowAsPast_beforeThePhasesFirstRow() {
        // given a cursor with no position
        ChangeCursor start = ChangeCursor.start(T, null);

        // when / then any row lies past it
        assertThat(start.isBefore(T.minusYears(10), RowKey.of(Long.MIN_VALUE))).isTrue();
        assertThat(start.isBefore(T, RowKey.of(0L))).isTrue();
    }

    @Test
    void shouldOrderByTimeFirst_thenByKey() {
        // given a position at (T, 50)
        ChangeCursor at = ChangeCursor.start(null, null).after(T, RowKey.of(50L));

        // when / then a later time is past whatever its key, an earlier one never is
        assertThat(at.isBefore(T.plusNanos(1_000), RowKey.of(1L))).isTrue();
        assertThat(at.isBefore(T.minusNanos(1_000), RowKey.of(999L))).isFalse();
        // and with equal timestamps the key decides
        assertThat(at.isBefore(T, RowKey.of(51L))).isTrue();
        assertThat(at.isBefore(T, RowKey.of(50L))).as("the same row again").isFalse();
        assertThat(at.isBefore(T, RowKey.of(49L))).isFalse();
    }

    @Test
    void shouldOrderCompositeKeysColumnByColumn_whenTimestampsAreEqual() {
        // given a position at (T, [7, "bob"])
        ChangeCursor at = ChangeCursor.start(null, null).after(T, RowKey.of(7L, "bob"));

        // when / then
        assertThat(at.isBefore(T, RowKey.of(7L, "carol"))).isTrue();
        assertThat(at.isBefore(T, RowKey.of(8L, "alice"))).isTrue();
        assertThat(at.isBefore(T, RowKey.of(7L, "bob"))).isFalse();
        assertThat(at.isBefore(T, RowKey.of(7L, "alice"))).isFalse();
        assertThat(at.isBefore(T, RowKey.of(6L, "zed"))).isFalse();
    }

    // ---- window ---------------------------------------------------------------------------------

    @Test
    void shouldIncludeFrom_andExcludeUntil() {
        // given the window [T, T + 1h)
        ChangeCursor window = ChangeCursor.start(T, T.plusHours(1));

        // when / then
        assertThat(window.inWindow(T)).as("from is inclusive").isTrue();
        assertThat(window.inWindow(T.minusNanos(1_000_000))).isFalse();
        assertThat(window.inWindow(T.plusMinutes(30))).isTrue();
        assertThat(window.inWindow(T.plusHours(1).minusNanos(1_000_000))).isTrue();
        assertThat(window.inWindow(T.plusHours(1))).as("until is exclusive").isFalse();
    }

    @Test
    void shouldTreatNullBoundsAsOpen() {
        // given windows open at one end or both
        ChangeCursor open = ChangeCursor.start(null, null);
        ChangeCursor fromOnly = ChangeCursor.start(T, null);
        ChangeCursor untilOnly = ChangeCursor.start(null, T);

        // when / then
        assertThat(open.inWindow(LocalDateTime.of(1970, 1, 1, 0, 0))).isTrue();
        assertThat(open.inWindow(LocalDateTime.of(9999, 12, 31, 23, 59))).isTrue();
        assertThat(fromOnly.inWindow(T.plusYears(100))).isTrue();
        assertThat(fromOnly.inWindow(T.minusNanos(1_000))).isFalse();
        assertThat(untilOnly.inWindow(T.minusYears(100))).isTrue();
        assertThat(untilOnly.inWindow(T)).isFalse();
    }

    @Test
    void shouldHoldNothing_whenFromIsAfterUntil() {
        // given a window whose from lies after its until
        ChangeCursor inverted = ChangeCursor.start(T.plusHours(1), T);

        // when / then it is the empty window at until
        assertThat(inverted.from()).isEqualTo(T);
        assertThat(inverted.inWindow(T)).isFalse();
        assertThat(inverted.inWindow(T.plusMinutes(30))).isFalse();
        assertThat(inverted.inWindow(T.minusMinutes(30))).isFalse();
    }

    @Test
    void shouldRefuseATimeWithoutAKey_orAKeyWithoutATime() {
        assertThatThrownBy(() -> new ChangeCursor(ChangePhase.CHANGES, null, null, T, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChangeCursor(ChangePhase.CHANGES, null, null, null, RowKey.of(1L)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChangeCursor(null, null, null, null, null))
                .isInstanceOf(NullPointerException.class);
    }

    // ---- malformed ------------------------------------------------------------------------------

    static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of(ISSUES, null),
                Arguments.of(ISSUES, Cursor.ofNumber("1200")),
                Arguments.of(ISSUES, Cursor.ofString("")),
                Arguments.of(ISSUES, Cursor.ofString("u-0042")),
                Arguments.of(ISSUES, Cursor.ofString("chg1|CHANGES|||")),
                Arguments.of(ISSUES, Cursor.ofString("chg1|CHANGES|||||")),
                Arguments.of(ISSUES, Cursor.ofString("chg2|CHANGES||||")),
                Arguments.of(ISSUES, Cursor.ofString("chg1|changes||||")),
                Arguments.of(ISSUES, Cursor.ofString("chg1|SIDEWAYS||||")),
                Arguments.of(ISSUES, Cursor.ofString("chg1|CHANGES|yesterday|||")),
                Arguments.of(ISSUES, Cursor.ofString("chg1|CHANGES||2026-13-01T00:00||")),
                Arguments.of(ISSUES, Cursor.ofString("chg1|CHANGES|||2026-03-01T10:00|")),
                Arguments.of(ISSUES, Cursor.ofString("chg1|CHANGES||||" + b64("42"))),
                Arguments.of(ISSUES, Cursor.ofString("chg1|CHANGES|||2026-03-01T10:00|" + b64("forty-two"))),
                Arguments.of(ISSUES, Cursor.ofString("chg1|CHANGES|||2026-03-01T10:00|!!not base64!!")),
                Arguments.of(WATCHERS, Cursor.ofString("chg1|CHANGES|||2026-03-01T10:00|" + b64("7"))),
                Arguments.of(WATCHERS, Cursor.ofString("chg1|CHANGES|||2026-03-01T10:00|"
                        + b64("7") + "." + b64("bob") + "." + b64("extra"))));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void shouldRefuseAsInternal_whenTheJobCursorIsNotAChangeCursor(DataType type, Cursor cursor) {
        // given a job cursor of another kind, or a damaged change cursor
        // when / then it is INTERNAL (a job of the wrong kind), never an unchecked parsing error
        assertThatThrownBy(() -> ChangeCursor.of(type, cursor))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
                    assertThat(e.getMessage()).contains(type.name());
                });
    }
}
