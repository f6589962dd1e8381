package dev.ferry.testing;

import dev.ferry.local.engine.MySqlServer;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The MySQL-compatible server shared by the tests of one JVM.
 *
 * <p>Uses the server named by the environment variable {@value #URL_ENV} (or the system property
 * {@value #URL_PROPERTY}), for example {@code jdbc:mysql://127.0.0.1:3306/?user=root&password=};
 * otherwise a server answering on 127.0.0.1:3306 as {@code root} without a password, when there is
 * one (the value {@value #EMBEDDED} forces the embedded server instead); otherwise the embedded
 * MariaDB of {@link MySqlServer#embedded()}. Other runs may share that server, so tests work in
 * databases of their own from {@link #uniqueDatabase(String)} and drop only those.
 */
public final class TestMySql {

    public static final String URL_ENV = "FERRY_TEST_MYSQL_URL";
    public static final String URL_PROPERTY = "ferry.test.mysql.url";
    /** The value of {@value #URL_ENV} that skips looking for a local server. */
    public static final String EMBEDDED = "embedded";
    /** A local development server, used when it answers. */
    static final String LOCAL_SERVER = "jdbc:mysql://127.0.0.1:3306/?user=root&password=";

    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,30}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> CREATED = ConcurrentHashMap.newKeySet();
    private static MySqlServer server;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestMySql::dropLeftovers, "test-mysql-cleanup"));
    }

    private TestMySql() {
    }

    /** The shared server: the configured one, or the embedded MariaDB. */
    public static synchronized MySqlServer server() {
        if (server == null) {
            Optional<String> configured = configuredUrl();
            if (configured.isPresent() && !configured.get().equals(EMBEDDED)) {
                server = MySqlServer.fromServerUrl(configured.get());
            } else if (configured.isEmpty() && localServerAnswers()) {
                server = MySqlServer.fromServerUrl(LOCAL_SERVER);
            } else {
                server = MySqlServer.embedded();
            }
        }
        return server;
    }

    /** Whether a MySQL-compatible server on 127.0.0.1:3306 lets root in without a password, within a second. */
    private static boolean localServerAnswers() {
        try (java.net.Socket probe = new java.net.Socket()) {
            probe.connect(new java.net.InetSocketAddress("127.0.0.1", 3306), 1_000);
        } catch (java.io.IOException nothingListening) {
            return false;
        }
        java.util.Properties login = new java.util.Properties();
        login.setProperty("user", "root");
        login.setProperty("password", "");
        login.setProperty("connectTimeout", "2000");
        login.setProperty("socketTimeout", "5000");
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:mysql://127.0.0.1:3306/", login)) {
            return c.isValid(2);
        } catch (SQLException refused) {
            return false;
        }
    }

    /** The test server URL from the environment or system property, if set. */
    public static Optional<String> configuredUrl() {
        String env = System.getenv(URL_ENV);
        if (env != null && !env.isBlank()) {
            return Optional.of(env.trim());
        }
        String property = System.getProperty(URL_PROPERTY);
        return property == null || property.isBlank() ? Optional.empty() : Optional.of(property.trim());
    }

    /**
     * Creates a database named {@code t_<prefix>_<random>} on the shared server; closing the
     * returned handle drops it. Databases still open when the JVM exits are dropped then.
     */
    public static TestDatabase uniqueDatabase(String prefix) {
        String name = uniqueName(prefix);
        server().createDatabase(name);
        CREATED.add(name);
        return new TestDatabase(server(), name);
    }

    /** A database name no other run will pick: {@code t_<prefix>_<12 random hex digits>}. */
    public static String uniqueName(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("Prefix must be lower-case letters, digits and _, at most 31: " + prefix);
        }
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return ("t_" + prefix + "_" + HexFormat.of().formatHex(bytes)).toLowerCase(Locale.ROOT);
    }

    private static void dropLeftovers() {
        for (String name : CREATED) {
            try {
                server.dropDatabase(name);
            } catch (RuntimeException ignored) {
                // The server may already be gone at JVM exit.
            }
        }
    }

    /** A database created for one test class or method; {@link #close()} drops it. */
    public static final class TestDatabase implements AutoCloseable {
        private final MySqlServer server;
        private final String name;

        private TestDatabase(MySqlServer server, String name) {
            this.server = server;
            this.name = name;
        }

        public String name() {
            return name;
        }

        public MySqlServer server() {
            return server;
        }

        public String jdbcUrl() {
            return server.jdbcUrl(name);
        }

        /** A new connection to this database; the caller closes it. */
        public Connection connect() throws SQLException {
            return server.connect(name);
        }

        @Override
        public void close() {
            if (CREATED.remove(name)) {
                server.dropDatabase(name);
            }
        }
    }
}
