package dev.ferry.domain.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class JobIdTest {

    private static final String CHAIN_64 = "cxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"; // 64 characters, the maximum
    private static final String CHAIN_65 = "cxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"; // 65 characters

    @ParameterizedTest(name = "chain \"{0}\"")
    @ValueSource(strings = {"users", "Users", "ORDER_ITEMS", "order_items", "v1.orders-archive", "_private", "0day",
            "*", CHAIN_64})
    void shouldAcceptChain_whenItIsADataTypeNameOrTheSingleChain(String chain) {
        // given a valid chain name
        // when building the first job id of the chain
        JobId id = JobId.first(chain);

        // then it holds the chain at position 0
        assertThat(id.chain().name()).isEqualTo(chain);
        assertThat(id.seq()).isZero();
    }

    @ParameterizedTest(name = "chain \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"x'; DROP TABLE jobs; --", "users OR 1=1", "a b", "a#b", "users\n", "users;", ".hidden",
            "-dash", "**", "a*", "über", "a/b", "`users`", CHAIN_65})
    void shouldRefuseChain_whenNotAValidName(String chain) {
        // given an invalid chain (injection-like, too long, empty, null, ...)
        // when building a job id from it
        // then it is refused as an invalid message
        assertThatThrownBy(() -> new JobId(chain, 0))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE));
    }

    @Test
    void shouldRefuseNegativeSequence() {
        // given a valid chain and a negative position
        // when building the id
        // then it is refused
        assertThatThrownBy(() -> new JobId("users", -1))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE));
    }

    @ParameterizedTest(name = "{0}#{1}")
    @CsvSource({
            "users, 0",
            "Users, 7",
            "*, 3",
            "v1.orders-archive, 12",
            "users, 2147483647"})
    void shouldRoundTripThroughValueAndParse(String chain, int seq) {
        // given an id
        JobId id = new JobId(chain, seq);

        // when writing it as text and parsing it back
        String text = id.value();
        JobId parsed = JobId.parse(text);

        // then the text is chain#seq and the parsed id equals the original
        assertThat(text).isEqualTo(chain + "#" + seq);
        assertThat(id.toString()).isEqualTo(text);
        assertThat(parsed).isEqualTo(id);
        assertThat(parsed.chain().name()).isEqualTo(chain);
        assertThat(parsed.seq()).isEqualTo(seq);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"users", "#1", "users#", "users#x", "users#-1", "users#1.5", "users#99999999999",
            "a#b#1", "x' OR '1'='1#1", "users #1", "#", CHAIN_65 + "#0"})
    void shouldRefuseToParse_malformedIds(String text) {
        // given malformed id text
        // when parsing it
        // then it is refused as an invalid message (never an unchecked parsing exception)
        assertThatThrownBy(() -> JobId.parse(text))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE));
    }

    @Test
    void shouldStayInTheChainAndAdvanceByOne_onNext() {
        // given the first job of a chain
        JobId first = JobId.first("users");

        // when taking the next id twice
        JobId second = first.next();
        JobId third = second.next();

        // then the chain is kept, the position advances by one each time and the original is unchanged
        assertThat(second).isEqualTo(new JobId("users", 1));
        assertThat(third.value()).isEqualTo("users#2");
        assertThat(first.seq()).isZero();
    }

    @Test
    void shouldNotWrapAroundToANegativeSequence_onNextAfterTheLargestSequence() {
        // given the id at the largest representable position
        JobId last = new JobId("users", Integer.MAX_VALUE);

        // when asking for the next one
        // then it is refused instead of silently wrapping to a negative position
        assertThatThrownBy(last::next)
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE));
    }

    @Test
    void shouldBeDeterministic_soTheSameStepYieldsEqualIds() {
        // given the same chain and position built twice
        // when comparing them
        // then they are equal with equal hash codes (a replayed step records the same id)
        assertThat(new JobId("users", 4)).isEqualTo(JobId.parse("users#4"))
                .hasSameHashCodeAs(new JobId("users", 4));
        assertThat(new JobId("users", 4)).isNotEqualTo(new JobId("users", 5)).isNotEqualTo(new JobId("Users", 4));
    }
}
