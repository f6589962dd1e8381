package dev.ferry.domain.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageSizerTest {
    private static final DataType NARROW = new DataType("events", null, "events", List.of(Column.of("id", ColumnType.INTEGER),
            Column.of("name", ColumnType.STRING)), List.of("id"), 100, 1);

    private static List<Row> rows(int count, int textLength) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(Row.of((long) i, "x".repeat(textLength)));
        }
        return rows;
    }

    @Test
    void shouldStartAtThePlansPageSize_andGrowAtMostFourfoldPerPage_towardOneRequestOfRows() {
        // given pages of small rows (about 100 bytes each by the splitter's estimate) and a 1 MiB target
        PageSizer sizer = new PageSizer(NARROW, 1_048_576, 65_535, DataType.MAX_PAGE_SIZE);

        // when pages come in
        int first = sizer.next();
        sizer.observe(rows(100, 60));
        int second = sizer.next();
        sizer.observe(rows(second, 60));
        int third = sizer.next();
        for (int i = 0; i < 5; i++) {
            sizer.observe(rows(sizer.next(), 60));
        }

        // then it starts at 100, grows by four each page, and settles at the ceiling (10,000 rows a page)
        assertThat(first).isEqualTo(100);
        assertThat(second).isEqualTo(400);
        assertThat(third).isEqualTo(1_600);
        assertThat(sizer.next()).isEqualTo(DataType.MAX_PAGE_SIZE);
    }

    @Test
    void shouldShrinkForWideRows_butNeverBelowThePlansPageSize() {
        // given a sizer grown large, then rows of about 100 KiB each
        PageSizer sizer = new PageSizer(NARROW, 1_048_576, 65_535, DataType.MAX_PAGE_SIZE);
        sizer.observe(rows(100, 60));
        sizer.observe(rows(400, 60));

        // when a page of wide rows comes in
        sizer.observe(rows(3, 100_000));

        // then the next page asks for the plan's page size, which is the floor
        assertThat(sizer.next()).isEqualTo(100);
    }

    @Test
    void shouldStayWithinOneStatementsPlaceholders() {
        // given a data type of two columns and statements of at most 1,000 placeholders
        PageSizer sizer = new PageSizer(NARROW, 10_000_000, 1_000, DataType.MAX_PAGE_SIZE);

        // when pages of tiny rows come in
        for (int i = 0; i < 5; i++) {
            sizer.observe(rows(sizer.next(), 1));
        }

        // then the page size stops at 500 rows (1,000 / 2)
        assertThat(sizer.next()).isEqualTo(500);
    }

    @Test
    void shouldKeepThePlansPageSize_whenSizingIsOff() {
        PageSizer sizer = new PageSizer(NARROW, 0, 65_535, DataType.MAX_PAGE_SIZE);
        sizer.observe(rows(100, 1));
        assertThat(sizer.next()).isEqualTo(100);
    }

    @Test
    void shouldStopGrowingAtTheConfiguredMaximum() {
        // given a sizer capped at 1,000 rows a page
        PageSizer sizer = new PageSizer(NARROW, 1_048_576, 65_535, 1_000);

        // when many pages of small rows come in
        for (int i = 0; i < 5; i++) {
            sizer.observe(rows(sizer.next(), 60));
        }

        // then pages never ask for more than 1,000 rows
        assertThat(sizer.next()).isEqualTo(1_000);
    }

    @Test
    void shouldCapAtTheLargestLimitAnswered_whenTheRemoteRefusesAGrownLimit() {
        // given a sizer that has read pages of 100 and 400 and now asks for 1,600
        PageSizer sizer = new PageSizer(NARROW, 1_048_576, 65_535, DataType.MAX_PAGE_SIZE);
        sizer.observe(rows(100, 60));
        sizer.observe(rows(400, 60));
        assertThat(sizer.next()).isEqualTo(1_600);

        // when the remote refuses 1,600
        boolean askAgain = sizer.refused(1_600);

        // then it asks again at 400 and never grows past it
        assertThat(askAgain).isTrue();
        assertThat(sizer.next()).isEqualTo(400);
        sizer.observe(rows(400, 60));
        sizer.observe(rows(400, 60));
        assertThat(sizer.next()).isEqualTo(400);
    }

    @Test
    void shouldNotAskAgain_whenThePlansOwnPageSizeIsRefused() {
        PageSizer sizer = new PageSizer(NARROW, 1_048_576, 65_535, DataType.MAX_PAGE_SIZE);
        assertThat(sizer.refused(100)).isFalse();
        assertThat(sizer.next()).isEqualTo(100);
    }
}
