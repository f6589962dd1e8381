package dev.ferry.domain.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Chain names of passes and reverse syncs: {@code ~} prefix, {@code @n} suffix. */
class JobIdPassTest {

    @ParameterizedTest(name = "chain({0}, {1}, {2}) = {3}")
    @CsvSource({
            "issues, 1, false, issues",
            "issues, 2, false, issues@2",
            "issues, 1, true, ~issues",
            "issues, 3, true, ~issues@3",
            "*, 1, false, *",
            "*, 4, true, ~*@4",
            "v1.orders-archive, 123456789, false, v1.orders-archive@123456789"})
    void shouldNameTheChain_fromBasePassAndDirection(String base, int pass, boolean reverse, String expected) {
        // given a base, a pass and a direction
        // when
        String chain = JobId.chain(base, pass, reverse).name();

        // then the name has the reverse prefix and the pass suffix (none for pass 1), and is a valid chain
        assertThat(chain).isEqualTo(expected);
        JobId id = JobId.first(chain);
        assertThat(id.base()).isEqualTo(base);
        assertThat(id.pass()).isEqualTo(pass);
        assertThat(id.reverse()).isEqualTo(reverse);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void shouldRefuseAPassBelowOne(int pass) {
        assertThatThrownBy(() -> JobId.chain("issues", pass, false)).isInstanceOf(dev.ferry.domain.error.FerryException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "issues@2#0, issues@2, 0, 2, false, issues",
            "~issues#3, ~issues, 3, 1, true, issues",
            "~*@4#1, ~*@4, 1, 4, true, *",
            "*@2#7, *@2, 7, 2, false, *",
            "issues#5, issues, 5, 1, false, issues",
            "~v1.orders-archive@10#2, ~v1.orders-archive@10, 2, 10, true, v1.orders-archive"})
    void shouldParseChainNames_andReadPassDirectionAndBase(String text, String chain, int seq, int pass,
                                                           boolean reverse, String base) {
        // given the text of a job id
        // when it is parsed
        JobId id = JobId.parse(text);

        // then chain, position, pass, direction and base are as written, and it writes back the same text
        assertThat(id.chain().name()).isEqualTo(chain);
        assertThat(id.seq()).isEqualTo(seq);
        assertThat(id.pass()).isEqualTo(pass);
        assertThat(id.reverse()).isEqualTo(reverse);
        assertThat(id.base()).isEqualTo(base);
        assertThat(id.value()).isEqualTo(text);
        assertThat(JobId.parse(id.value())).isEqualTo(id);
    }

    @Test
    void shouldStayInTheSamePassAndDirection_onNext() {
        // given the first job of reverse run 2 over issues
        JobId first = JobId.first(JobId.chain("issues", 2, true));

        // when
        JobId next = first.next();

        // then
        assertThat(next.value()).isEqualTo("~issues@2#1");
        assertThat(next.pass()).isEqualTo(2);
        assertThat(next.reverse()).isTrue();
        assertThat(next.base()).isEqualTo("issues");
    }

    @Test
    void shouldTellPassesAndDirectionsApart() {
        // given the same base and position in different passes and directions
        // when / then they are different jobs
        assertThat(JobId.parse("issues#0")).isNotEqualTo(JobId.parse("issues@2#0"))
                .isNotEqualTo(JobId.parse("~issues#0"));
        assertThat(JobId.parse("~issues#0")).isNotEqualTo(JobId.parse("~issues@2#0"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"issues@0#1", "issues@x#1", "@2#0", "~@2#0", "~#0", "issues@#0", "issues@-2#0",
            "issues@02#0", "issues@2@3#0", "issues@1234567890#0", "~~issues#0", "issues~#0", "*~#0", "~ issues#0",
            "issues@2 #0", "*@2*#0", "issues@2#", "issues@2#x", "issues#2@2"})
    void shouldRefuseMalformedPassOrDirection(String text) {
        // given a job id whose pass or direction marker is malformed
        // when / then parsing refuses it as an invalid message
        assertThatThrownBy(() -> JobId.parse(text))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE));
    }

    @Test
    void shouldRefuseAnExplicitFirstPassSuffix_soEveryJobHasOneId() {
        // given the text 'issues@1#0', which JobId.chain never writes (pass 1 has no suffix)
        // when / then it is refused
        assertThatThrownBy(() -> JobId.parse("issues@1#0"))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE));
    }
}
