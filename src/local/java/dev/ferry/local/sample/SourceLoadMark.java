package dev.ferry.local.sample;

import dev.ferry.local.engine.MySqlServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * Whether the sample source holds the whole data set: a row naming the data set, written only after its
 * load finished and removed before a load starts. A run killed while loading leaves no mark, so the
 * next run loads again instead of migrating a partial (or empty) source.
 */
public final class SourceLoadMark {
    private static final String TABLE = "sample_source_loads";

    private SourceLoadMark() {
    }

    /** Whether {@code database} holds all of {@code dataSet}, loaded by a run that finished loading it. */
    public static boolean isComplete(MySqlServer server, String database, SampleDataSet dataSet) {
        if (!server.databaseExists(database)) {
            return false;
        }
        try (Connection c = server.connect(database);
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + TABLE + " WHERE fingerprint = ?")) {
            ps.setString(1, fingerprint(dataSet));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        } catch (SQLException e) {
            if (e.getErrorCode() == 1146) { // no mark table: never loaded by a run that finished
                return false;
            }
            throw new IllegalStateException("could not read the sample source's load mark", e);
        }
    }

    /** Removes any mark: call before loading. */
    public static void clear(MySqlServer server, String database) {
        execute(server, database, "CREATE TABLE IF NOT EXISTS " + TABLE
                + " (fingerprint VARCHAR(64) NOT NULL PRIMARY KEY, loaded_at DATETIME(3) NOT NULL)");
        execute(server, database, "DELETE FROM " + TABLE);
    }

    /** Marks the load of {@code dataSet} complete: call after loading. */
    public static void complete(MySqlServer server, String database, SampleDataSet dataSet) {
        execute(server, database, "INSERT INTO " + TABLE + " (fingerprint, loaded_at) VALUES ('" + fingerprint(dataSet)
                + "', UTC_TIMESTAMP(3))");
    }

    /** The data set's identity: its seed and installations (the generator is deterministic for them). */
    static String fingerprint(SampleDataSet dataSet) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(dataSet.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void execute(MySqlServer server, String database, String sql) {
        try (Connection c = server.connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not update the sample source's load mark", e);
        }
    }
}
