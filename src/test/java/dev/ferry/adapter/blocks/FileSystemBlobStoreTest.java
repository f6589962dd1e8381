package dev.ferry.adapter.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.domain.error.FerryException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemBlobStoreTest {
    @TempDir
    Path dir;

    @Test
    void shouldWriteReadListAndScopeBlobs() throws IOException {
        // given a store
        FileSystemBlobStore store = new FileSystemBlobStore(dir);

        // when writing blobs in folders, and through a scoped view
        store.write("a/b/one.txt", out -> out.write("one".getBytes(StandardCharsets.UTF_8)));
        store.at("a").write("two.txt", out -> out.write("two".getBytes(StandardCharsets.UTF_8)));

        // then they are listed sorted, relative to the view, and read back
        assertThat(store.list("")).containsExactly("a/b/one.txt", "a/two.txt");
        assertThat(store.at("a").list("b")).containsExactly("b/one.txt");
        assertThat(store.size("a/two.txt")).isEqualTo(3);
        try (InputStream in = store.open("a/b/one.txt")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("one");
        }
        assertThat(store.list("missing")).isEmpty();
    }

    @Test
    void shouldLeaveNothingBehind_whenAWriteFails() throws IOException {
        // given a store holding a blob
        FileSystemBlobStore store = new FileSystemBlobStore(dir);
        store.write("x.txt", out -> out.write("old".getBytes(StandardCharsets.UTF_8)));

        // when a rewrite fails half-way
        assertThatThrownBy(() -> store.write("x.txt", out -> {
            out.write("new, half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        })).isInstanceOf(FerryException.class).hasMessageContaining("disk full");

        // then the old content is intact and no temporary file is left
        try (InputStream in = store.open("x.txt")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("old");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(dir.resolve("x.txt"));
        }
    }

    @Test
    void shouldCreateABlobOnlyOnce_whenCreatingIfAbsent() throws IOException {
        // given a store
        FileSystemBlobStore store = new FileSystemBlobStore(dir);

        // when creating the same name twice
        boolean first = store.createIfAbsent("locks/s.json", "first".getBytes(StandardCharsets.UTF_8));
        boolean second = store.createIfAbsent("locks/s.json", "second".getBytes(StandardCharsets.UTF_8));

        // then only the first wins, its content stays, and no temporary file is left
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        try (InputStream in = store.open("locks/s.json")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("first");
        }
        assertThat(store.list("")).containsExactly("locks/s.json");
        try (Stream<Path> files = Files.list(dir.resolve("locks"))) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void shouldRefuseNamesThatLeaveTheRoot() {
        // given a store
        FileSystemBlobStore store = new FileSystemBlobStore(dir);

        // when / then
        for (String name : new String[] {"../x", "a/../../x", "/etc/passwd", "a//b", ".hidden", "a\\b"}) {
            assertThatThrownBy(() -> store.write(name, out -> { }), name).isInstanceOf(FerryException.class);
        }
        assertThatThrownBy(() -> store.open("nope")).isInstanceOf(FerryException.class).hasMessageContaining("no such file");
    }
}
