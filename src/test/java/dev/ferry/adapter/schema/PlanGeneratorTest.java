package dev.ferry.adapter.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.adapter.config.PlanLoader;
import dev.ferry.domain.plan.Column;
import dev.ferry.domain.plan.ColumnType;
import dev.ferry.domain.plan.DataType;
import dev.ferry.domain.plan.GeometryType;
import dev.ferry.domain.plan.MigrationMode;
import dev.ferry.domain.plan.MigrationPlan;
import dev.ferry.domain.plan.TextCharset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator on CREATE TABLE statements, without a database. */
class PlanGeneratorTest {

    static String shopSql() throws IOException {
        try (var in = PlanGeneratorTest.class.getResourceAsStream("/schemas/shop.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static PlanGenerator.Result shop() throws IOException {
        return PlanGenerator.generate(DdlSchemaReader.read(shopSql()), null, "shop", MigrationMode.FAN_OUT);
    }

    @Test
    void shouldOrderParentsBeforeChildren_andSkipTheTableWithoutAnyKey() throws IOException {
        PlanGenerator.Result result = shop();

        assertThat(result.plan().dataTypes()).extracting(DataType::name)
                .containsExactly("country", "product", "price_history", "store", "stock");
        assertThat(result.plan().dataTypes()).extracting(DataType::order).containsExactly(1, 2, 3, 4, 5);
        assertThat(result.notes()).anyMatch(n -> n.startsWith("audit_log: skipped, it has no primary key and no unique key"));
    }

    @Test
    void shouldKeyByThePrimaryKey_orTheUniqueKeyOverNotNullColumns() throws IOException {
        MigrationPlan plan = shop().plan();

        assertThat(plan.requireDataType("stock").primaryKey()).containsExactly("store_id", "product_id");
        assertThat(plan.requireDataType("price_history").primaryKey()).containsExactly("product_id", "valid_from");
        assertThat(shop().notes()).contains("price_history: has no primary key; rows are keyed by its unique key uk_price"
                + " (product_id, valid_from)");
    }

    @Test
    void shouldMapEveryColumnType() throws IOException {
        MigrationPlan plan = shop().plan();
        DataType product = plan.requireDataType("product");
        DataType store = plan.requireDataType("store");
        DataType country = plan.requireDataType("country");

        assertThat(country.columns()).containsExactly(
                Column.builder("country_id", ColumnType.INTEGER).size(2).unsigned(true).build(),
                Column.builder("code", ColumnType.STRING).size(2).fixed(true).charset(TextCharset.ASCII).collation("ascii_bin").build(),
                Column.builder("name", ColumnType.STRING).size(50).charset(TextCharset.UTF8MB4).collation("utf8mb4_bin").build(),
                Column.builder("founded", ColumnType.YEAR).nullable(true).build());
        assertThat(store.columns()).contains(
                Column.builder("store_id", ColumnType.UUID).build(),
                Column.builder("legacy_name", ColumnType.STRING).size(40).charset(TextCharset.LATIN1)
                        .collation("latin1_swedish_ci").nullable(true).build(),
                Column.builder("location", ColumnType.GEOMETRY).geometry(GeometryType.POINT).nullable(true).build(),
                Column.builder("area", ColumnType.GEOMETRY).geometry(GeometryType.POLYGON).nullable(true).build(),
                Column.builder("opens", ColumnType.TIME).fsp(0).build(),
                Column.builder("closes", ColumnType.TIME).fsp(3).nullable(true).build());
        assertThat(product.columnNames()).doesNotContain("title_upper");
        assertThat(product.columns()).contains(
                Column.builder("description", ColumnType.STRING).maxBytes(65_535L).charset(TextCharset.UTF8MB4)
                        .collation("utf8mb4_bin").nullable(true).build(),
                Column.builder("notes", ColumnType.STRING).maxBytes(255L).charset(TextCharset.UTF8MB4)
                        .collation("utf8mb4_bin").nullable(true).build(),
                Column.builder("size", ColumnType.ENUM).members(List.of("S", "M", "L", "XL")).charset(TextCharset.UTF8MB4)
                        .collation("utf8mb4_bin").build(),
                Column.builder("tags", ColumnType.SET).members(List.of("new", "sale", "eco")).charset(TextCharset.UTF8MB4)
                        .collation("utf8mb4_bin").build(),
                Column.builder("price", ColumnType.DECIMAL).precision(10).scale(2).unsigned(true).build(),
                Column.builder("weight", ColumnType.FLOAT).nullable(true).build(),
                Column.builder("ratio", ColumnType.DOUBLE).nullable(true).build(),
                Column.builder("flags", ColumnType.BIT).size(8).nullable(true).build(),
                Column.builder("active", ColumnType.BOOLEAN).build(),
                Column.builder("attributes", ColumnType.JSON).nullable(true).build(),
                Column.builder("image", ColumnType.BINARY).size(16_777_215).nullable(true).build(),
                Column.builder("checksum", ColumnType.BINARY).size(4).fixed(true).nullable(true).build(),
                Column.builder("released", ColumnType.DATE).nullable(true).build(),
                Column.builder("created_at", ColumnType.DATETIME).fsp(6).build(),
                Column.builder("updated_at", ColumnType.TIMESTAMP).fsp(3).build());
        assertThat(plan.requireDataType("price_history").columns()).contains(
                Column.builder("big_counter", ColumnType.INTEGER).size(8).unsigned(true).nullable(true).build(),
                Column.builder("small_counter", ColumnType.INTEGER).size(1).nullable(true).build());
    }

    @Test
    void shouldWriteDestinationDdlWithoutForeignKeysOrFulltext_andSayWhy() throws IOException {
        PlanGenerator.Result result = shop();
        List<String> statements = result.plan().schema().get(0).statements();

        assertThat(result.plan().schema()).hasSize(1);
        assertThat(statements).hasSize(5);
        assertThat(String.join("\n", statements)).doesNotContainIgnoringCase("FOREIGN KEY").doesNotContainIgnoringCase("FULLTEXT")
                .contains("`title_upper` varchar(200) GENERATED ALWAYS AS (upper(title)) VIRTUAL");
        assertThat(statements.get(1)).startsWith("CREATE TABLE IF NOT EXISTS `product` (")
                .contains("`tags` set('new','sale','eco') NOT NULL DEFAULT ''", "`price` decimal(10,2) unsigned NOT NULL",
                        "`updated_at` timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)",
                        "UNIQUE KEY `uk_product_sku` (`sku`)")
                .endsWith(") DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
        assertThat(result.notes()).contains("stock: foreign key fk_stock_store (store_id) -> store (store_id) orders the data"
                + " types and is not created on the destination (TiDB and Forge SQL have none)",
                "product: FULLTEXT index ft_product_title is not created on the destination",
                "product.title_upper: generated column, computed by the destination, not migrated");
    }

    @Test
    void shouldSizePagesFromRowLength() {
        assertThat(PlanGenerator.pageSize(10)).isEqualTo(10_000);
        assertThat(PlanGenerator.pageSize(100)).isEqualTo(5_000);
        assertThat(PlanGenerator.pageSize(900)).isEqualTo(500);
        assertThat(PlanGenerator.pageSize(70_000)).isEqualTo(5);
        assertThat(PlanGenerator.pageSize(10_000_000)).isEqualTo(1);
    }

    @Test
    void shouldWriteYamlThatLoadsBackToTheSamePlan() throws IOException {
        PlanGenerator.Result result = shop();

        String yaml = PlanYamlWriter.write(result.plan(), List.of("test"), result.notes());

        assertThat(PlanLoader.parse(yaml, "generated")).isEqualTo(result.plan());
        assertThat(yaml).contains("      - {name: size, type: ENUM, charset: utf8mb4, collation: utf8mb4_bin, members: [S, M, L, XL]}");
    }

    @Test
    void shouldQuoteWhateverYamlWouldReadOtherwise() {
        assertThat(PlanYamlWriter.scalar("plain_name")).isEqualTo("plain_name");
        assertThat(PlanYamlWriter.scalar("yes")).isEqualTo("\"yes\"");
        assertThat(PlanYamlWriter.scalar("it's: #1")).isEqualTo("\"it's: #1\"");
        assertThat(PlanYamlWriter.scalar("")).isEqualTo("\"\"");
        assertThat(PlanYamlWriter.block("a\n  b", "  ")).isEqualTo("|-\n  a\n    b");
        assertThat(PlanYamlWriter.block("trailing \nspace", "  ")).isEqualTo("\"trailing \\nspace\"");
    }

    @Test
    void shouldAddANewSchemaVersion_whenTheSchemaChanges_keepingTheOldOnesAsTheyAre() throws IOException {
        MigrationPlan first = shop().plan();
        String changed = shopSql().replace("  founded YEAR NULL,", "  founded YEAR NULL,\n  population BIGINT UNSIGNED NULL,")
                .replace("  quantity MEDIUMINT NOT NULL,", "  quantity INT NOT NULL,")
                + "\nCREATE TABLE supplier (supplier_id INT NOT NULL, name VARCHAR(80) NOT NULL, PRIMARY KEY (supplier_id))"
                + " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;";

        PlanGenerator.Result second = PlanGenerator.generate(DdlSchemaReader.read(changed), first, "ignored", MigrationMode.SINGLE_EVENT);

        assertThat(second.plan().schema()).hasSize(2);
        assertThat(second.plan().schema().get(0)).isEqualTo(first.schema().get(0));
        assertThat(second.plan().schema().get(1).version()).isEqualTo(2);
        assertThat(second.plan().schema().get(1).statements()).containsExactly(
                "ALTER TABLE `country` ADD COLUMN IF NOT EXISTS `population` bigint unsigned NULL AFTER `founded`",
                "ALTER TABLE `stock` MODIFY COLUMN `quantity` int NOT NULL",
                "CREATE TABLE IF NOT EXISTS `supplier` (\n  `supplier_id` int NOT NULL,\n  `name` varchar(80) NOT NULL,\n"
                        + "  PRIMARY KEY (`supplier_id`)\n) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
        assertThat(second.plan().name()).isEqualTo("shop");
        assertThat(second.plan().mode()).isEqualTo(MigrationMode.FAN_OUT);
        assertThat(second.plan().requireDataType("country").columnNames()).contains("population");

        PlanGenerator.Result third = PlanGenerator.generate(DdlSchemaReader.read(changed), second.plan(), "x", MigrationMode.FAN_OUT);

        assertThat(third.newVersion()).isFalse();
        assertThat(third.plan()).isEqualTo(second.plan());
    }

    @Test
    void shouldRunAsACommand_writingThePlanAndItsNotes(@TempDir Path dir) throws IOException {
        Path ddl = dir.resolve("shop.sql");
        Files.writeString(ddl, shopSql());
        Path out = dir.resolve("plan.yaml");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = PlanMain.run(new String[] {"plan", "--ddl", ddl.toString(), "--out", out.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8), null);

        assertThat(code).isZero();
        assertThat(PlanLoader.load(out.toString())).isEqualTo(shop().plan());
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("plan: 5 data types, schema version 1 (new)");
        assertThat(PlanMain.run(new String[] {"--ddl"}, System.out, new PrintStream(new ByteArrayOutputStream()), null)).isEqualTo(2);
    }
}
