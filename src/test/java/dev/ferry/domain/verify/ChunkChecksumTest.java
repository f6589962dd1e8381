package dev.ferry.domain.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.domain.page.JsonText;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.page.RowHash;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The canonical row encoding and chunk checksum as docs/verification.md specifies them for remote implementers. */
class ChunkChecksumTest {
    /** The example rows of docs/verification.md: id INTEGER, name STRING, budget DECIMAL, archived BOOLEAN, created_at TIMESTAMP, settings JSON. */
    private static final Row ANN = Row.of(1L, "Ann", null, true, LocalDateTime.of(2024, 3, 1, 10, 15, 30, 120_000_000),
            new JsonText("{\"b\": \"x\", \"a\": [1, 2.50]}"));
    private static final Row BO = Row.of(2L, "Bo", new BigDecimal("12.50"), false, LocalDateTime.of(2024, 3, 1, 10, 15), null);

    @Test
    void shouldHashTheReadmeExampleRows_toTheDigestsTheReadmeGives() {
        // given the two example rows, when hashing them, then the digests are the documented ones
        assertThat(RowHash.of(ANN).hex()).isEqualTo("173077aa9334216c056ede331bb93d6d62cb56c64b1a383e8178e62fde1cdba3");
        assertThat(RowHash.of(BO).hex()).isEqualTo("4de8e4a8b55f1dbf5c2c0ee6f5a9841a86d440ed162803a7ef6ffb5ed79d6d89");
    }

    @Test
    void shouldCombineRowDigestsByXor_whateverTheOrder() {
        // given the two rows, when combining their hashes in either order, then the chunk checksum is the documented one
        String expected = "5ad89302266b3cd35942d0d5ee10b977e41f162b5d323b996e171d710981b62a";
        assertThat(ChunkChecksum.of(List.of(RowHash.of(ANN), RowHash.of(BO)))).isEqualTo(expected);
        assertThat(ChunkChecksum.of(List.of(RowHash.of(BO), RowHash.of(ANN)))).isEqualTo(expected);
        // and removing one row's digest from the chunk's leaves the other's
        assertThat(ChunkChecksum.without(expected, RowHash.of(ANN).hex())).isEqualTo(RowHash.of(BO).hex());
    }

    @Test
    void shouldOrderKeysByValue_andTextByCodePoint() {
        // given keys of several kinds, when comparing, then numbers go by value and text by Unicode code point
        assertThat(RowKey.of(9L).compareTo(RowKey.of(new BigDecimal("10")))).isNegative();
        assertThat(RowKey.of(7L)).isEqualTo(RowKey.of(new BigDecimal("7.0")));
        assertThat(RowKey.of(1L, "Z").compareTo(RowKey.of(1L, "a"))).isNegative();
        assertThat(RowKey.of("\uFFFD").compareTo(RowKey.of("\uD83D\uDE00"))).isNegative();
        // and a key survives its stored text form
        RowKey key = RowKey.of(42L, "user \"7\"");
        assertThat(key.toString()).isEqualTo("[42, \"user \\\"7\\\"\"]");
    }
}
