package dev.ferry.adapter.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ferry.domain.page.RemotePage;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.page.RowHash;
import dev.ferry.domain.convert.PageConverter;
import dev.ferry.domain.plan.DataType;
import dev.ferry.testing.MySqlTypeSamples;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every MySQL type in the remote contract's JSON: what Ferry writes (keys, the write endpoint's rows) reads
 * back through the page reader and the converter to the same values, and the forms are the documented ones.
 */
class MySqlTypesWireTest {
    private static final DataType TYPES = MySqlTypeSamples.EVERY_TYPE;

    @Test
    void shouldReadBackWhatItWrites_forEveryType() throws Exception {
        List<Row> rows = MySqlTypeSamples.rows();
        StringWriter body = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(body)) {
            g.writeStartObject();
            g.writeArrayFieldStart("headers");
            for (String h : TYPES.columnNames()) {
                g.writeString(h);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("data");
            for (Row r : rows) {
                RemoteValues.writeRow(g, TYPES, r);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("pagination");
            g.writeNullField("afterId");
            g.writeEndObject();
            g.writeEndObject();
        }

        RemotePage page = new RemoteJson(16 << 20).readPage(new ByteArrayInputStream(body.toString().getBytes(StandardCharsets.UTF_8)));
        List<Row> back = PageConverter.convert(TYPES, page);

        assertThat(back.stream().map(RowHash::of).toList()).isEqualTo(rows.stream().map(RowHash::of).toList());
        String json = body.toString();
        assertThat(json).contains("\"123e4567-e89b-12d3-a456-426614174000\"", "\"-00:00:00.500\"", "\"red,green\"",
                ",0.1,", "18446744073709551615", "\"2038-01-19T03:14:07.999Z\"");
        assertThat(json).doesNotContain("E38", "E+38");
    }

    @Test
    void shouldWriteKeysOfTheNewTypes_inTheirWireForm() {
        assertThat(RemoteValues.keyArray(TYPES, dev.ferry.domain.verify.RowKey.of(TYPES, MySqlTypeSamples.rows().get(3))))
                .isEqualTo("[4294967295]");
    }
}
