package dev.ferry.adapter.config;

import dev.ferry.app.blocks.Importer;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of App Migration Building Blocks ({@code ferry.blocks.*}, or FERRY_BLOCKS_* variables). */
@ConfigMapping(prefix = "ferry.blocks")
public interface BlocksConfig {
    /**
     * Where flows, export streams, Event Files and Binary Files are kept: {@code s3://bucket/prefix}
     * (on Lambda: the bucket the exporter and importer share; the S3 client is configured by
     * {@code quarkus.s3.*}) or a directory (local runs).
     */
    @WithDefault("/tmp/ferry-blocks")
    String storeRoot();

    /** Where Event Files are spooled while written; default the JVM's temporary directory. */
    Optional<String> spoolDirectory();

    /** The queue that carries File Group notifications from the exporter to the importer. */
    Optional<String> fileGroupQueueUrl();

    /** Binary values of at least this many bytes become Binary Files; smaller ones stay inline. */
    /**
     * The queue that carries an export's continuations back to the exporter function. Unset: an export
     * runs within one invocation.
     */
    Optional<String> exportQueueUrl();

    /** An export that continues stops this long before its invocation would end. */
    @WithDefault("60s")
    Duration exportSafetyMargin();

    @WithDefault("65536")
    int binaryThreshold();

    @WithDefault("100000")
    long maxRecordsPerFile();

    /** Whether importers skip Event Files already imported, or restart from scratch every movement. */
    @WithDefault("SKIP_IMPORTED")
    Importer.Mode importMode();
}
