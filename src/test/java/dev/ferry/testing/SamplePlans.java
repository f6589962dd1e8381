package dev.ferry.testing;

import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.domain.plan.SchemaScript;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** A small plan with three related data types (one with a composite key) and rows to go with it. */
public final class SamplePlans {
    public static final DataType USERS = new DataType("users", "users", "users",
            List.of(Column.of("id", ColumnType.INTEGER), new Column("name", ColumnType.STRING, 100, null, null, false),
                    Column.nullable("joined", ColumnType.TIMESTAMP)),
            List.of("id"), 7, 1);
    public static final DataType ORDERS = new DataType("orders", "orders", "orders",
            List.of(Column.of("id", ColumnType.INTEGER), Column.of("user_id", ColumnType.INTEGER),
                    new Column("total", ColumnType.DECIMAL, null, 12, 2, false), Column.nullable("meta", ColumnType.JSON)),
            List.of("id"), 5, 2);
    public static final DataType TAGS = new DataType("tags", "tags", "tags",
            List.of(Column.of("order_id", ColumnType.INTEGER), new Column("tag", ColumnType.STRING, 40, null, null, false),
                    Column.of("weight", ColumnType.DOUBLE)),
            List.of("order_id", "tag"), 4, 3);

    private SamplePlans() {
    }

    public static MigrationPlan plan(MigrationMode mode) {
        return new MigrationPlan("test", mode, List.of(USERS, ORDERS, TAGS),
                List.of(new SchemaScript(1, "tables", List.of("CREATE TABLE IF NOT EXISTS users (id BIGINT PRIMARY KEY)"))));
    }

    public static List<List<Object>> users(int count) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            rows.add(new ArrayList<>(List.of(BigDecimal.valueOf(i), "user " + i + " ✓", "2024-01-0" + (1 + i % 9) + "T10:00:00Z")));
        }
        return rows;
    }

    public static List<List<Object>> orders(int count) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            List<Object> row = new ArrayList<>();
            row.add(BigDecimal.valueOf(i));
            row.add(BigDecimal.valueOf(1 + i % 5));
            row.add(new BigDecimal(i + ".25"));
            row.add(i % 3 == 0 ? null : new dev.ferry.domain.page.JsonText("{\"n\":" + i + "}"));
            rows.add(row);
        }
        return rows;
    }

    public static List<List<Object>> tags(int count) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            rows.add(new ArrayList<>(List.of(BigDecimal.valueOf(1 + i / 3), "tag-" + (i % 3), new BigDecimal("0.5"))));
        }
        return rows;
    }
}
