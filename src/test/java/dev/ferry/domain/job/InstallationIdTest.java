package dev.ferry.domain.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class InstallationIdTest {

    private static final String ID_50 = "abbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"; // 50 characters, the maximum
    private static final String ID_51 = "abbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"; // 51 characters

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"acme", "a", "0", "7f3c2a10", "acme-prod_01", "a-", "a_", ID_50})
    void shouldAcceptId_andRoundTripItsValue(String value) {
        // given a valid installation id text
        // when building the id
        InstallationId id = InstallationId.of(value);

        // then value and toString give back exactly that text, and ids compare by value
        assertThat(id.value()).isEqualTo(value);
        assertThat(id.toString()).isEqualTo(value);
        assertThat(id).isEqualTo(new InstallationId(value));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"Acme", "ACME", "acmE", "acme'; DROP DATABASE ferry; --", "acme` OR 1=1", "acme prod",
            "acme.prod", "acme/prod", "-acme", "_acme", "acme\n", " acme", "ácme", "acme;", ID_51})
    void shouldRefuseId_thatIsNotLowercaseAlphanumericWithinFiftyCharacters(String value) {
        // given an invalid id (uppercase, injection-like, too long, empty, null, ...)
        // when building it
        // then it is refused as an unknown installation
        assertThatThrownBy(() -> InstallationId.of(value))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_INSTALLATION));
    }

    @Test
    void shouldExcerptAVeryLongId_inTheErrorMessage() {
        // given an absurdly long id
        String huge = "x".repeat(10_000);

        // when building it
        // then the message holds only an excerpt, not the whole input
        assertThatThrownBy(() -> InstallationId.of(huge))
                .isInstanceOf(FerryException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200).contains("x".repeat(60) + "…"));
    }
}
