package dev.ferry.cli.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContractDocumentTest {

    private static final Path DOCUMENT = Path.of("docs/remote-contract.openapi.yaml");

    private final ContractDocument contract = ContractDocument.read(DOCUMENT);

    private static JsonNode json(String text) throws Exception {
        return ContractDocument.bodyMapper().readTree(text);
    }

    @Test
    void shouldBeStructurallyValidOpenApi31_whenReadFromDocs() {
        // when
        List<String> problems = contract.structuralProblems();

        // then
        assertThat(problems).isEmpty();
        assertThat(contract.root().path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(contract.schemaNames()).contains("DataPage", "MigrationStatus", "MigrationStatusUpdate",
                "InstallationsPage", "RowsReplacement", "ChecksumPage", "ErrorBody");
    }

    @Test
    void shouldShipTheSameDocumentOnTheClasspath_asInDocs() throws Exception {
        // when
        ContractDocument bundled = ContractDocument.bundled();

        // then
        assertThat(bundled.root()).isEqualTo(new YAMLMapper().readTree(DOCUMENT.toFile()));
    }

    @Test
    void shouldReportDanglingRefsAndUndeclaredPathParameters_whenTheDocumentIsBroken(@TempDir Path dir) throws Exception {
        // given the document with one $ref pointing nowhere and the data type parameter removed
        ObjectNode root = (ObjectNode) new YAMLMapper().readTree(DOCUMENT.toFile());
        ((ObjectNode) root.at("/paths/~1installations/get/responses/200/content/application~1json/schema"))
                .put("$ref", "#/components/schemas/NoSuchSchema");
        ((com.fasterxml.jackson.databind.node.ArrayNode) root.at("/paths/~1data-migration~1{dataType}~1/get/parameters"))
                .remove(0);
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, new YAMLMapper().writeValueAsString(root));

        // when
        List<String> problems = ContractDocument.read(broken).structuralProblems();

        // then
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("NoSuchSchema").contains("does not resolve"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("{dataType} is not declared"));
    }

    @Test
    void shouldAcceptBothEndSignalsAndAnOptionalTotal_whenPagesFollowTheContract() throws Exception {
        // given
        JsonNode nullCursor = json("{\"installationId\":\"acme\",\"headers\":[\"id\"],\"data\":[[1],[2]],"
                + "\"pagination\":{\"afterId\":null},\"total\":2}");
        JsonNode emptyPage = json("{\"data\":[],\"pagination\":{\"afterId\":\"opaque\"}}");
        JsonNode noPagination = json("{\"headers\":[\"id\",\"doc\"],\"data\":[[1,{\"a\":[1.50]}]]}");

        // then
        assertThat(contract.problems("DataPage", nullCursor)).isEmpty();
        assertThat(contract.problems("DataPage", emptyPage)).isEmpty();
        assertThat(contract.problems("DataPage", noPagination)).isEmpty();
    }

    @Test
    void shouldRejectPages_whenRowsComeWithoutHeadersOrCursorsAreObjects() throws Exception {
        // given
        JsonNode noHeaders = json("{\"data\":[[1]],\"pagination\":{\"afterId\":1}}");
        JsonNode objectCursor = json("{\"headers\":[\"id\"],\"data\":[[1]],\"pagination\":{\"afterId\":{\"id\":1}}}");
        JsonNode noData = json("{\"headers\":[\"id\"],\"rows\":[[1]]}");
        JsonNode negativeTotal = json("{\"data\":[],\"total\":-1}");

        // then
        assertThat(contract.problems("DataPage", noHeaders)).isNotEmpty();
        assertThat(contract.problems("DataPage", objectCursor)).isNotEmpty();
        assertThat(contract.problems("DataPage", noData)).isNotEmpty();
        assertThat(contract.problems("DataPage", negativeTotal)).isNotEmpty();
    }

    @Test
    void shouldAcceptOnlyTheStatusesFerrySends_whenValidatingAStatusUpdate() throws Exception {
        // then
        assertThat(contract.problems("MigrationStatusUpdate", json("{\"status\":\"IN_PROGRESS\"}"))).isEmpty();
        assertThat(contract.problems("MigrationStatusUpdate", json("{\"status\":\"DONE\"}"))).isEmpty();
        assertThat(contract.problems("MigrationStatusUpdate", json("{\"status\":\"READY\"}"))).isNotEmpty();
        assertThat(contract.problems("MigrationStatus", json("{\"status\":\"PENDING\"}"))).isEmpty();
        assertThat(contract.problems("MigrationStatus", json("{\"status\":\"paused\"}"))).isNotEmpty();
    }

    @Test
    void shouldRequireHexChecksums_whenValidatingAChecksumPage() throws Exception {
        // given
        String chunk = "{\"first\":[1],\"last\":[10],\"rows\":10,\"checksum\":\"%s\",\"afterId\":10}";
        JsonNode good = json("{\"headers\":[\"id\"],\"key\":[\"id\"],\"chunks\":[" + chunk.formatted("ab".repeat(32))
                + "],\"pagination\":{\"afterId\":null}}");
        JsonNode bad = json("{\"headers\":[\"id\"],\"key\":[\"id\"],\"chunks\":[" + chunk.formatted("XYZ") + "]}");

        // then
        assertThat(contract.problems("ChecksumPage", good)).isEmpty();
        assertThat(contract.problems("ChecksumPage", bad)).singleElement().asString().contains("checksum");
    }
}
