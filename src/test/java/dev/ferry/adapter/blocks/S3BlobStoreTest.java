package dev.ferry.adapter.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.app.port.BlobStore;
import dev.ferry.app.port.EventFileReader;
import dev.ferry.app.port.EventFileWriter;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import dev.ferry.domain.eventfile.BinaryFiles;
import dev.ferry.domain.eventfile.EventFileHeader;
import dev.ferry.domain.eventfile.EventFileKind;
import dev.ferry.domain.eventfile.EventRecord;
import dev.ferry.domain.page.Row;
import dev.ferry.testing.IntegrationTest;
import dev.ferry.testing.TestS3;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 store against a real S3-compatible server (S3Proxy on 127.0.0.1). */
@IntegrationTest
class S3BlobStoreTest {
    static S3Client s3;
    static String bucket;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() {
        s3 = TestS3.newClient();
        bucket = TestS3.newBucket("blobs");
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    @Test
    void shouldWriteReadListScopeAndDeleteBlobs_underItsPrefix() throws IOException {
        // given a store under a prefix of a bucket
        S3BlobStore store = S3BlobStore.of(s3, "s3://" + bucket + "/one", temp);

        // when writing blobs in folders, directly and through a scoped view
        store.write("a/b/one.txt", out -> out.write("one".getBytes(StandardCharsets.UTF_8)));
        store.at("a").write("two.txt", out -> out.write("two".getBytes(StandardCharsets.UTF_8)));
        S3BlobStore.of(s3, "s3://" + bucket + "/other", temp).write("a/elsewhere.txt", out -> out.write('x'));

        // then they are listed sorted and relative to the store or view, and read back
        assertThat(store.list("")).containsExactly("a/b/one.txt", "a/two.txt");
        assertThat(store.at("a").list("b")).containsExactly("b/one.txt");
        assertThat(store.list("missing")).isEmpty();
        assertThat(store.exists("a/two.txt")).isTrue();
        assertThat(store.exists("a/three.txt")).isFalse();
        assertThat(store.size("a/two.txt")).isEqualTo(3);
        try (InputStream in = store.open("a/b/one.txt")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("one");
        }
        store.delete("a/two.txt");
        assertThat(store.list("")).containsExactly("a/b/one.txt");
        assertThatThrownBy(() -> store.open("a/two.txt")).isInstanceOf(FerryException.class)
                .hasMessageContaining("no such file").extracting(e -> ((FerryException) e).code())
                .isEqualTo(ErrorCode.INVALID_MESSAGE);
    }

    @Test
    void shouldKeepTheOldBlob_whenAWriteFailsBeforeUpload() throws IOException {
        // given a blob
        S3BlobStore store = S3BlobStore.of(s3, "s3://" + bucket + "/keep", temp);
        store.write("x.txt", out -> out.write("old".getBytes(StandardCharsets.UTF_8)));

        // when a rewrite fails half-way
        assertThatThrownBy(() -> store.write("x.txt", out -> {
            out.write("new, half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("source gone");
        })).isInstanceOf(FerryException.class).hasMessageContaining("source gone");

        // then the old content is intact
        try (InputStream in = store.open("x.txt")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("old");
        }
    }

    @Test
    void shouldCreateAnObjectOnlyOnce_whenCreatingIfAbsent() throws IOException {
        // given a store
        S3BlobStore store = S3BlobStore.of(s3, "s3://" + bucket + "/locks", temp);

        // when creating the same name twice (a conditional PUT)
        boolean first = store.createIfAbsent("s.json", "first".getBytes(StandardCharsets.UTF_8));
        boolean second = store.createIfAbsent("s.json", "second".getBytes(StandardCharsets.UTF_8));

        // then only the first wins and its content stays
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        try (InputStream in = store.open("s.json")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("first");
        }
    }

    @Test
    void shouldRefuseBadNames_andReportAMissingBucketAsRejected() {
        // given a store on a bucket that does not exist
        S3BlobStore store = S3BlobStore.of(s3, "s3://" + bucket + "/names", temp);
        S3BlobStore nowhere = S3BlobStore.of(s3, "s3://no-such-bucket-ferry", temp);

        // when / then
        for (String name : new String[] {"../x", "a//b", ".hidden", "a/../b"}) {
            assertThatThrownBy(() -> store.write(name, out -> { }), name).isInstanceOf(FerryException.class);
        }
        assertThatThrownBy(() -> nowhere.write("x", out -> out.write('x'))).isInstanceOf(FerryException.class)
                .extracting(e -> ((FerryException) e).code()).isIn(ErrorCode.SINK_REJECTED, ErrorCode.INVALID_MESSAGE);
    }

    @Test
    void shouldHoldEventFilesAndBinaryFiles_readBackEqual() {
        // given an Event File with a large binary written into an S3 store
        BlobStore store = S3BlobStore.of(s3, "s3://" + bucket + "/events", temp);
        JsonlBlocksFormat format = new JsonlBlocksFormat(temp.resolve("spool"));
        byte[] large = new byte[200_000];
        new Random(7).nextBytes(large);
        Row row = Row.of(1L, "s3", null, null, null, null, null, null, null, large);
        try (EventFileWriter writer = format.create(store, "events/f.jsonl", EventFileHeader.start("f", "things", "flow",
                "flow-m1", 1, 1, EventFileKind.SNAPSHOT, JsonlBlocksFormatTest.EVERY_TYPE, Instant.now()), 64 * 1024)) {
            writer.write(new EventRecord.Upsert(row));
            writer.finish();
        }

        // when it is read back
        EventRecord read;
        try (EventFileReader reader = format.open(store, "events/f.jsonl")) {
            read = reader.next();
            assertThat(reader.next()).isNull();
        }

        // then the row is equal, its binary having travelled as a Binary File object
        assertThat(((EventRecord.Upsert) read).row()).isEqualTo(row);
        assertThat(store.list("binaries")).containsExactly(BinaryFiles.name(BinaryFiles.id(large)));
    }
}
