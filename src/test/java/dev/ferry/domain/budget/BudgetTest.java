package dev.ferry.domain.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BudgetTest {

    @ParameterizedTest(name = "remaining {0}, margin {1}, estimate {2} -> allows {3}")
    @CsvSource({
            "60000, 5000, 1000, true",
            "6001, 5000, 1000, true",
            "6000, 5000, 1000, false",
            "5999, 5000, 1000, false",
            "5000, 5000, 0, false",
            "5001, 5000, 0, true",
            "1, 0, 0, true",
            "0, 0, 0, false",
            "-100, 0, 0, false",
            "900000, 0, 900000, false"})
    void shouldAllowAnotherPage_onlyWhileRemainingMinusMarginMinusEstimateIsPositive(
            long remaining, long margin, long estimate, boolean expected) {
        // given a budget with a fixed remaining time
        Budget budget = new Budget(() -> remaining, margin, estimate);

        // when asking whether another page fits
        boolean allows = budget.allowsAnotherPage();

        // then it does exactly when remaining - margin - estimate > 0
        assertThat(allows).isEqualTo(expected);
    }

    @ParameterizedTest(name = "remaining {0}, {1} pages of 1 s after a 5 s margin -> allows {2}")
    @CsvSource({
            "9001, 4, true",
            "9000, 4, false",
            "8001, 3, true",
            "8000, 3, false",
            "6001, 1, true"})
    void shouldAllowSeveralPages_onlyWhenAllOfThemFitBeforeTheMargin(long remaining, int pages, boolean expected) {
        // given a budget with a 5 s margin and a 1 s estimate
        Budget budget = new Budget(() -> remaining, 5_000, 1_000);

        // when asking whether that many pages fit
        boolean allows = budget.allowsPages(pages);

        // then they do exactly when remaining - margin - pages x estimate > 0
        assertThat(allows).isEqualTo(expected);
    }

    @Test
    void shouldReadRemainingTimeAfresh_onEveryCall() {
        // given a budget over a clock the test moves, counting reads
        AtomicLong remaining = new AtomicLong(60_000);
        AtomicInteger reads = new AtomicInteger();
        Budget budget = new Budget(() -> {
            reads.incrementAndGet();
            return remaining.get();
        }, 5_000, 1_000);

        // when asking, then letting time pass, then asking again
        boolean before = budget.allowsAnotherPage();
        remaining.set(5_500);
        boolean after = budget.allowsAnotherPage();

        // then the second answer reflects the new remaining time, read once per call
        assertThat(before).isTrue();
        assertThat(after).isFalse();
        assertThat(reads).hasValue(2);
        assertThat(budget.remainingMillis()).isEqualTo(5_500);
        assertThat(reads).hasValue(3);
    }

    @Test
    void shouldRaiseTheEstimateImmediately_afterASlowPage() {
        // given a budget expecting 1 s pages
        Budget budget = new Budget(() -> 60_000, 5_000, 1_000);

        // when a page takes 8 s
        budget.recordPage(8_000);

        // then the estimate is at once the slow page's duration
        assertThat(budget.pageEstimateMillis()).isEqualTo(8_000);
    }

    @Test
    void shouldStopAllowingPages_rightAfterASlowPageThatNoLongerFits() {
        // given 12 s left, a 5 s margin and a 1 s estimate: another page fits
        Budget budget = new Budget(() -> 12_000, 5_000, 1_000);
        assertThat(budget.allowsAnotherPage()).isTrue();

        // when a page takes 7 s
        budget.recordPage(7_000);

        // then the next page is not expected to fit any more
        assertThat(budget.allowsAnotherPage()).isFalse();
    }

    @Test
    void shouldLowerTheEstimateSlowly_afterFastPages() {
        // given an estimate of 5 s after a slow page
        Budget budget = new Budget(() -> 60_000, 5_000, 1_000);
        budget.recordPage(5_000);

        // when pages of 100 ms follow
        budget.recordPage(100);
        long afterOne = budget.pageEstimateMillis();
        budget.recordPage(100);
        long afterTwo = budget.pageEstimateMillis();

        // then the estimate moves only 30% of the way each time (0.7 * old + 0.3 * new)
        assertThat(afterOne).isEqualTo(3_530);
        assertThat(afterTwo).isEqualTo(2_501);
    }

    @Test
    void shouldConvergeToTheObservedDuration_neverBelowIt_afterManyFastPages() {
        // given an estimate of 10 s
        Budget budget = new Budget(() -> 60_000, 5_000, 10_000);

        // when fifty pages of 200 ms follow
        long previous = budget.pageEstimateMillis();
        for (int i = 0; i < 50; i++) {
            budget.recordPage(200);
            // then the estimate never rises and never drops below the observed duration
            assertThat(budget.pageEstimateMillis()).isLessThanOrEqualTo(previous).isGreaterThanOrEqualTo(200);
            previous = budget.pageEstimateMillis();
        }

        // and it ends close to 200 ms
        assertThat(budget.pageEstimateMillis()).isBetween(200L, 201L);
    }

    @Test
    void shouldKeepTheEstimate_forPagesOfTheExpectedDuration() {
        // given an estimate of 2 s
        Budget budget = new Budget(() -> 60_000, 5_000, 2_000);

        // when a page takes exactly 2 s
        budget.recordPage(2_000);

        // then the estimate stays 2 s
        assertThat(budget.pageEstimateMillis()).isEqualTo(2_000);
    }

    @Test
    void shouldNeverEatIntoTheSafetyMargin_whenPagesTakeAsLongAsTheEstimate() {
        // given an invocation with 60 s left, a 5 s margin and pages that take 1.5 s each
        AtomicLong remaining = new AtomicLong(60_000);
        Budget budget = new Budget(remaining::get, 5_000, 1_500);
        int pages = 0;

        // when running the loop as the worker does
        while (budget.allowsAnotherPage()) {
            remaining.addAndGet(-1_500);
            budget.recordPage(1_500);
            pages++;
        }

        // then it ran as many pages as fit and stopped before the margin was touched
        assertThat(pages).isEqualTo(36);
        assertThat(remaining.get()).isGreaterThanOrEqualTo(5_000).isLessThan(5_000 + 1_500 + 1);
    }

    @Test
    void shouldRefuseNegativeMarginOrInitialEstimate() {
        // given negative settings
        // when building a budget
        // then they are refused
        assertThatThrownBy(() -> new Budget(() -> 1_000, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Budget(() -> 1_000, 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
