package dev.ferry.dualwrite;

import com.mysql.cj.jdbc.MysqlDataSource;
import dev.ferry.testing.TestMySql;
import dev.ferry.testing.TestMySql.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Throwaway databases on the shared test server ({@link TestMySql}) for the JDBC dual-write tests. */
final class DualWriteDatabases {
    private DualWriteDatabases() {
    }

    /** A data source whose connections default to {@code database}. */
    static DataSource dataSource(TestDatabase database) {
        MysqlDataSource dataSource = new MysqlDataSource();
        dataSource.setUrl(database.jdbcUrl());
        dataSource.setUser(database.server().username());
        dataSource.setPassword(database.server().password());
        return dataSource;
    }

    /** Runs statements in {@code database}, one at a time. */
    static void execute(TestDatabase database, String... statements) {
        try (Connection c = database.connect(); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
