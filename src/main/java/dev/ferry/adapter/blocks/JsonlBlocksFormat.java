package dev.ferry.adapter.blocks;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ferry.app.port.BlobStore;
import dev.ferry.app.port.BlocksFormat;
import dev.ferry.app.port.EventFileReader;
import dev.ferry.app.port.EventFileWriter;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.eventfile.EventFileHeader;
import dev.ferry.domain.eventfile.FileListEntry;
import dev.ferry.domain.eventfile.MalformedEventFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The JSONL formats, with Jackson. An Event File:
 * <pre>
 * {"type":"header","formatVersion":1,"fileId":"s1-projects-p1-9f2c01aa","fileGroupLabel":"projects",
 *  "flowId":"f1","movementId":"f1-m1","sequence":1,"part":1,"kind":"SNAPSHOT","dataType":"projects",
 *  "table":"projects","columns":[{"name":"id","type":"INTEGER","size":null,"precision":null,"scale":null,
 *  "nullable":false},…],"primaryKeys":["id"],"rowCount":2,"exportTime":"2026-04-10T09:00:00Z"}
 * {"op":"upsert","values":[1,"Apollo",12.50,false,{"color":"red"},"2024-03-01T10:00:00.123Z"]}
 * {"op":"delete","key":[2]}
 * </pre>
 * Values follow the header's columns: integers and decimals as JSON numbers (exact, never in
 * exponent form), doubles as numbers, strings, booleans, dates as {@code yyyy-MM-dd}, date-times as
 * ISO-8601 ({@code Z} for TIMESTAMP columns, which are UTC), JSON columns as nested JSON, binaries as
 * base64 or, from the threshold up, {@code {"binaryFileId":"<sha256>","bytes":N}} referring to
 * {@code binaries/<sha256>}. File Lists hold one {@link FileListEntry} per line.
 *
 * @see JsonlEventFileWriter
 * @see JsonlEventFileReader
 */
public final class JsonlBlocksFormat implements BlocksFormat {
    /** Longest line accepted: larger lines are refused rather than buffered. */
    static final int MAX_LINE_BYTES = 64 * 1024 * 1024;

    private final ObjectMapper json;
    private final Path spoolDirectory;

    /** @param spoolDirectory where Event Files are spooled until finished (e.g. the temporary directory) */
    public JsonlBlocksFormat(Path spoolDirectory) {
        this.spoolDirectory = Objects.requireNonNull(spoolDirectory, "spoolDirectory");
        this.json = mapper();
    }

    static ObjectMapper mapper() {
        JsonMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(MAX_LINE_BYTES).maxNumberLength(1_100).build());
        return mapper;
    }

    @Override
    public EventFileWriter create(BlobStore stream, String name, EventFileHeader header, int binaryThreshold) {
        try {
            Files.createDirectories(spoolDirectory);
            Path spool = Files.createTempFile(spoolDirectory, "ferry-event-", ".spool");
            return new JsonlEventFileWriter(json, stream, name, header, binaryThreshold, spool);
        } catch (IOException e) {
            throw new FerryException(ErrorCode.SINK_UNAVAILABLE, "cannot create a spool file in " + spoolDirectory, e);
        }
    }

    @Override
    public EventFileReader open(BlobStore stream, String name) {
        return new JsonlEventFileReader(json, stream, name);
    }

    @Override
    public void writeFileList(BlobStore store, String name, List<FileListEntry> entries) {
        store.write(name, out -> {
            for (FileListEntry entry : entries) {
                out.write(json.writeValueAsBytes(entry));
                out.write('\n');
            }
        });
    }

    @Override
    public List<FileListEntry> readFileList(BlobStore store, String name) {
        if (!store.exists(name)) {
            return List.of();
        }
        List<FileListEntry> entries = new ArrayList<>();
        try (InputStream in = store.open(name); Lines lines = new Lines(in, name)) {
            for (String line = lines.next(); line != null; line = lines.next()) {
                try {
                    entries.add(json.readValue(line, FileListEntry.class));
                } catch (IOException | RuntimeException e) {
                    throw new MalformedEventFileException(name, lines.number(), "not a File List entry: " + firstLine(e));
                }
            }
        } catch (IOException e) {
            throw new FerryException(ErrorCode.SINK_UNAVAILABLE, "cannot read " + name + ": " + e.getMessage(), e);
        }
        return entries;
    }

    @Override
    public byte[] encode(Object document) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
        } catch (IOException e) {
            throw new FerryException(ErrorCode.INTERNAL, "cannot encode " + document.getClass().getSimpleName(), e);
        }
    }

    @Override
    public <T> T decode(byte[] bytes, Class<T> type, String what) {
        try {
            T value = json.readValue(bytes, type);
            if (value == null) {
                throw new FerryException(ErrorCode.INVALID_MESSAGE, what + " is empty");
            }
            return value;
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new FerryException(ErrorCode.INVALID_MESSAGE, what + " is not a valid " + type.getSimpleName() + ": "
                    + firstLine(e));
        }
    }

    JsonNode tree(String line) throws IOException {
        return json.readTree(line);
    }

    static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int nl = message.indexOf('\n');
        message = nl < 0 ? message : message.substring(0, nl);
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }
}
