package dev.ferry.adapter.remote;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ferry.app.port.RemoteWriter;
import dev.ferry.domain.job.InstallationId;
import dev.ferry.domain.page.Row;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.verify.RowKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * {@link RemoteWriter} over HTTP: the optional write endpoint, used by reverse sync. Retried as every
 * call ({@link RemoteCalls}; replacing a range is idempotent); 404 or 501 (no write endpoint) is
 * REMOTE_REJECTED at once. The body is never logged. Thread-safe.
 */
public final class HttpRemoteWriter implements RemoteWriter {
    private static final JsonFactory BODY_JSON = new JsonFactory();

    private final RemoteCalls calls;

    HttpRemoteWriter(RemoteCalls calls) {
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    /**
     * {@code PUT {base}/data-migration/{remotePath}/rows} with
     * {@code {"after":[key]|null,"through":[key]|null,"headers":[columns],"data":[[values],…]}}; any 2xx
     * means applied.
     */
    @Override
    public void replaceRange(InstallationId installation, DataType dataType, RowKey after, RowKey through, List<Row> rows) {
        Objects.requireNonNull(installation, "installation");
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(rows, "rows");
        byte[] body = rangeBody(dataType, after, through, rows);
        RemoteCalls.Request request = new RemoteCalls.Request("PUT", RemoteCalls.dataPath(dataType, "rows"), null, null,
                body, installation, dataType.name(), null, "write");
        calls.execute(request, in -> Boolean.TRUE, ignored -> "rows=" + rows.size() + " bytes=" + body.length);
    }

    private static byte[] rangeBody(DataType dataType, RowKey after, RowKey through, List<Row> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024 + rows.size() * 128);
        try (JsonGenerator g = BODY_JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("after");
            RemoteValues.writeKey(g, dataType, after);
            g.writeFieldName("through");
            RemoteValues.writeKey(g, dataType, through);
            g.writeArrayFieldStart("headers");
            for (String column : dataType.columnNames()) {
                g.writeString(column);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("data");
            for (Row row : rows) {
                RemoteValues.writeRow(g, dataType, row);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    /** The same endpoint (sharing connections) whose retries stay within {@code remainingMillis}. */
    @Override
    public HttpRemoteWriter withDeadline(LongSupplier remainingMillis) {
        return new HttpRemoteWriter(calls.withDeadline(remainingMillis));
    }

    @Override
    public String toString() {
        return "HttpRemoteWriter[" + calls + "]";
    }
}
