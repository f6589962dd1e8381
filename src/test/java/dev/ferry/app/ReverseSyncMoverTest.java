package dev.ferry.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.app.port.RemoteWriter;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.verify.RowKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reverse sync's pages: ranges of the destination's keys, sent as "make the source's range exactly these". */
class ReverseSyncMoverTest {
    static final InstallationId ACME = InstallationId.of("acme");
    static final DataType TAGS = new DataType("tags", "tags", "tags",
            List.of(Column.of("name", ColumnType.STRING)), List.of("name"), 2, 1);

    final List<String> sent = new ArrayList<>();
    final RemoteWriter writer = (installation, type, after, through, rows) ->
            sent.add(after + ".." + through + " " + rows.size());

    @Test
    void shouldSendOpenEndedRanges_coveringEveryKey() {
        // given a destination with three keys, read two at a time
        List<Row> rows = List.of(Row.of("a"), Row.of("b"), Row.of("c"));
        ReverseSyncMover mover = new ReverseSyncMover(ACME, TAGS, (i, t, after, upTo, limit) -> rows.stream()
                .filter(r -> RowKey.of(t, r).within(after, upTo)).limit(limit).toList(), writer);

        // when every page is read and written
        PageMover.Page first = mover.read(null, 2);
        mover.write(null, first);
        PageMover.Page second = mover.read(first.next(), 2);
        mover.write(first.next(), second);

        // then the first range starts at the beginning, the last one is open-ended
        assertThat(sent).containsExactly("null..[\"b\"] 2", "[\"b\"]..null 1");
        assertThat(second.isLast()).isTrue();
    }

    @Test
    void shouldRefuse_whenTheDestinationReturnsKeysOutOfBinaryOrder() {
        // given a destination whose collation sorts "B" after "a" (not binary order)
        ReverseSyncMover mover = new ReverseSyncMover(ACME, TAGS,
                (i, t, after, upTo, limit) -> List.of(Row.of("a"), Row.of("B")), writer);

        // when / then the page is refused before anything is sent
        assertThatThrownBy(() -> mover.read(null, 2)).isInstanceOfSatisfying(FerryException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SINK_REJECTED));
        assertThat(sent).isEmpty();
    }
}
