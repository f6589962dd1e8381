package dev.ferry.adapter.blocks;

import dev.ferry.app.port.BlobStore;
import dev.ferry.domain.error.ErrorCode;
import dev.ferry.domain.error.FerryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link BlobStore} on an S3 bucket, under a key prefix. A blob is written to a local temporary file
 * first, then sent with one PUT (S3 makes an object visible whole or not at all). Listing pages
 * through ListObjectsV2. Failures: a missing object is INVALID_MESSAGE; access denied and other 4xx
 * are SINK_REJECTED (permanent); network errors, throttling and 5xx are SINK_UNAVAILABLE (retryable).
 */
public final class S3BlobStore implements BlobStore {
    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Path spoolDirectory;

    /**
     * @param prefix         key prefix ending in {@code /}, or empty for the whole bucket
     * @param spoolDirectory where blobs are staged before upload
     */
    public S3BlobStore(S3Client s3, String bucket, String prefix, Path spoolDirectory) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.prefix = prefix == null ? "" : prefix;
        if (!this.prefix.isEmpty()) {
            BlobNames.segments(this.prefix.endsWith("/") ? this.prefix.substring(0, this.prefix.length() - 1) : this.prefix);
            if (!this.prefix.endsWith("/")) {
                throw new IllegalArgumentException("an S3 key prefix ends with /");
            }
        }
        this.spoolDirectory = Objects.requireNonNull(spoolDirectory, "spoolDirectory");
    }

    /** A store for {@code s3://bucket/prefix} (prefix optional). */
    public static S3BlobStore of(S3Client s3, String uri, Path spoolDirectory) {
        if (uri == null || !uri.startsWith("s3://")) {
            throw new IllegalArgumentException("expected s3://bucket/prefix");
        }
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        return new S3BlobStore(s3, bucket, prefix, spoolDirectory);
    }

    @Override
    public void write(String name, Content content) {
        String key = key(name);
        Path staged = null;
        try {
            Files.createDirectories(spoolDirectory);
            staged = Files.createTempFile(spoolDirectory, "ferry-s3-", ".part");
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(staged), 64 * 1024)) {
                content.writeTo(out);
            }
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(staged));
        } catch (IOException e) {
            throw new FerryException(ErrorCode.SINK_UNAVAILABLE, "cannot stage " + name + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw translate(e, "write " + name);
        } finally {
            if (staged != null) {
                try {
                    Files.deleteIfExists(staged);
                } catch (IOException ignored) {
                    // a leftover staging file in the temporary directory is harmless
                }
            }
        }
    }

    /** A conditional PUT ({@code If-None-Match: *}): S3 answers 412 when the object exists. */
    @Override
    public boolean createIfAbsent(String name, byte[] content) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key(name)).ifNoneMatch("*"), RequestBody.fromBytes(content));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return false;
            }
            throw translate(e, "create " + name);
        } catch (SdkException e) {
            throw translate(e, "create " + name);
        }
    }

    @Override
    public InputStream open(String name) {
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key(name)));
        } catch (SdkException e) {
            throw translate(e, "read " + name);
        }
    }

    @Override
    public boolean exists(String name) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key(name)));
            return true;
        } catch (SdkException e) {
            if (isNotFound(e)) {
                return false;
            }
            throw translate(e, "look up " + name);
        }
    }

    @Override
    public long size(String name) {
        try {
            return s3.headObject(b -> b.bucket(bucket).key(key(name))).contentLength();
        } catch (SdkException e) {
            throw translate(e, "look up " + name);
        }
    }

    @Override
    public List<String> list(String folder) {
        String keyPrefix = folder == null || folder.isEmpty() ? prefix : key(folder) + "/";
        List<String> names = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(keyPrefix)).contents()) {
                names.add(object.key().substring(prefix.length()));
            }
        } catch (SdkException e) {
            throw translate(e, "list " + folder);
        }
        names.sort(null);
        return names;
    }

    @Override
    public void delete(String name) {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key(name)));
        } catch (SdkException e) {
            throw translate(e, "delete " + name);
        }
    }

    @Override
    public BlobStore at(String folder) {
        return new S3BlobStore(s3, bucket, key(folder) + "/", spoolDirectory);
    }

    private String key(String name) {
        BlobNames.segments(name);
        return prefix + name;
    }

    private static boolean isNotFound(SdkException e) {
        return e instanceof NoSuchKeyException || (e instanceof S3Exception s && s.statusCode() == 404);
    }

    private FerryException translate(SdkException e, String what) {
        String where = what + " in s3://" + bucket + "/" + prefix;
        if (isNotFound(e)) {
            return new FerryException(ErrorCode.INVALID_MESSAGE, "no such file in the store: " + where);
        }
        if (e instanceof S3Exception s && s.statusCode() >= 400 && s.statusCode() < 500 && s.statusCode() != 429
                && s.statusCode() != 408) {
            return new FerryException(ErrorCode.SINK_REJECTED, "cannot " + where + ": HTTP " + s.statusCode() + " "
                    + (s.awsErrorDetails() == null ? "" : s.awsErrorDetails().errorCode()));
        }
        return new FerryException(ErrorCode.SINK_UNAVAILABLE, "cannot " + where + ": " + e.getMessage(), e);
    }
}
