package dev.ferry.adapter.blocks;

import dev.ferry.app.port.BlobStore;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@link BlobStore} on a directory. A blob is written to a hidden temporary file next to its final
 * place, flushed to disk, then moved over it atomically, so readers never see half a blob. Names are
 * checked ({@code [A-Za-z0-9._-]} segments, no {@code ..}) so nothing escapes the root.
 */
public final class FileSystemBlobStore implements BlobStore {
    private static final String TEMP_PREFIX = ".tmp-";

    private final Path root;

    public FileSystemBlobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw unavailable("cannot create the store directory " + this.root, e);
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public void write(String name, Content content) {
        Path target = resolve(name);
        Path temp = null;
        try {
            Files.createDirectories(target.getParent());
            temp = target.resolveSibling(TEMP_PREFIX + UUID.randomUUID());
            try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE);
                 OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 64 * 1024)) {
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException e) {
            throw unavailable("cannot write " + name, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /** Writes a temporary file, then hard-links it to the name: {@code link(2)} fails atomically if the name exists. */
    @Override
    public boolean createIfAbsent(String name, byte[] content) {
        Path target = resolve(name);
        Path temp = null;
        try {
            Files.createDirectories(target.getParent());
            temp = target.resolveSibling(TEMP_PREFIX + UUID.randomUUID());
            Files.write(temp, content, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.SYNC);
            Files.createLink(target, temp);
            return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw unavailable("cannot create " + name, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    @Override
    public InputStream open(String name) {
        try {
            return Files.newInputStream(resolve(name));
        } catch (NoSuchFileException e) {
            throw new FerryException(ErrorCode.INVALID_MESSAGE, "no such file in the store: " + name);
        } catch (IOException e) {
            throw unavailable("cannot read " + name, e);
        }
    }

    @Override
    public boolean exists(String name) {
        return Files.isRegularFile(resolve(name));
    }

    @Override
    public long size(String name) {
        try {
            return Files.size(resolve(name));
        } catch (NoSuchFileException e) {
            throw new FerryException(ErrorCode.INVALID_MESSAGE, "no such file in the store: " + name);
        } catch (IOException e) {
            throw unavailable("cannot read " + name, e);
        }
    }

    @Override
    public List<String> list(String prefix) {
        Path base = prefix == null || prefix.isEmpty() ? root : resolve(prefix);
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.walk(base)) {
            files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith(TEMP_PREFIX))
                    .forEach(p -> names.add(root.relativize(p).toString().replace('\\', '/')));
        } catch (IOException e) {
            throw unavailable("cannot list " + prefix, e);
        }
        names.sort(null);
        return names;
    }

    @Override
    public void delete(String name) {
        try {
            Files.deleteIfExists(resolve(name));
        } catch (IOException e) {
            throw unavailable("cannot delete " + name, e);
        }
    }

    @Override
    public BlobStore at(String prefix) {
        return new FileSystemBlobStore(resolve(prefix));
    }

    private Path resolve(String name) {
        Path path = root;
        for (String segment : BlobNames.segments(name)) {
            path = path.resolve(segment);
        }
        return path;
    }

    private static FerryException unavailable(String what, IOException e) {
        return new FerryException(ErrorCode.SINK_UNAVAILABLE, what + ": " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
    }

    /** Removes a temporary file if there is one; a leftover hidden temporary file is never listed or read. */
    private static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // left behind: harmless, see above
            }
        }
    }
}
