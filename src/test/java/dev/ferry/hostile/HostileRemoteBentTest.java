package dev.ferry.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The hostile remote's bent pages and listings (renamed headers, cycling cursors, repeated rows) and how one is chosen. */
@IntegrationTest
class HostileRemoteBentTest extends HostileRemoteTestBase {

    // ---- bent data pages ---------------------------------------------------------------------

    @Test
    void shouldRenameOneColumnHeader_withDataUnchanged() throws Exception {
        JsonNode healthy = json(get(dataUri("users", 3, null), bearer(ACME)));
        remote.misbehave(Misbehaviour.of(Kind.WRONG_COLUMN_HEADERS));

        JsonNode page = json(get(dataUri("users", 3, null), bearer(ACME)));

        assertThat(page.get("headers")).extracting(JsonNode::asText).containsExactly("id_x", "name", "amount");
        assertThat(page.get("data")).isEqualTo(healthy.get("data"));
    }

    @Test
    void shouldAnswerMoreRowsThanTheLimit_repeatingRowsIfNeeded() throws Exception {
        remote.misbehave(Misbehaviour.of(Kind.PAGE_OVER_LIMIT));

        JsonNode first = json(get(dataUri("users", 3, null), bearer(ACME)));
        JsonNode whole = json(get(dataUri("users", 10, null), bearer(ACME)));

        assertThat(first.get("data").size()).isEqualTo(4);
        assertThat(whole.get("data").size()).isEqualTo(11);
        assertThat(whole.at("/data/7/0").asLong()).isEqualTo(1L);
    }

    @Test
    void shouldNameAForeignInstallationOnACorrectPage() throws Exception {
        JsonNode healthy = json(get(dataUri("users", 3, null), bearer(ACME)));
        remote.misbehave(Misbehaviour.of(Kind.FOREIGN_INSTALLATION).forRequests(1));
        remote.misbehave(Misbehaviour.of(Kind.FOREIGN_INSTALLATION).param("globex"));

        JsonNode defaulted = json(get(dataUri("users", 3, null), bearer(ACME)));
        JsonNode named = json(get(dataUri("users", 3, null), bearer(ACME)));

        assertThat(defaulted.get("installationId").asText()).isEqualTo("someone-else");
        assertThat(named.get("installationId").asText()).isEqualTo("globex");
        assertThat(named.get("data")).isEqualTo(healthy.get("data"));
        assertThat(named.get("pagination")).isEqualTo(healthy.get("pagination"));
    }

    @Test
    void shouldCycleDataCursorsAToBToA_forever() throws Exception {
        remote.misbehave(Misbehaviour.of(Kind.CURSOR_CYCLE).dataType("users"));

        List<JsonNode> pages = walkData(ACME, "users", 3, 6);

        assertThat(pages).hasSize(6);
        List<String> cursors = pages.stream().map(p -> p.at("/pagination/afterId").asText()).toList();
        String a = cursors.get(0);
        String b = cursors.get(1);
        assertThat(a).isNotEqualTo(b);
        assertThat(cursors).containsExactly(a, b, a, b, a, b);
        assertThat(pages).allSatisfy(p -> assertThat(p.get("data").size()).isEqualTo(3));
        assertThat(pages.get(1).at("/data/0/0").asLong()).isEqualTo(4L);
        assertThat(pages.get(2).at("/data/0/0").asLong()).isEqualTo(7L);
        assertThat(pages.get(3).at("/data/0/0").asLong()).isEqualTo(4L);
    }

    @Test
    void shouldAnswerEndlessFreshCursors_withTheSameFirstRows() throws Exception {
        remote.misbehave(Misbehaviour.of(Kind.ENDLESS_CURSOR));

        List<JsonNode> pages = walkData(ACME, "users", 3, 8);

        assertThat(pages).hasSize(8);
        Set<String> cursors = new HashSet<>();
        pages.forEach(p -> cursors.add(p.at("/pagination/afterId").asText()));
        assertThat(cursors).hasSize(8);
        assertThat(pages).allSatisfy(p -> assertThat(p.get("data")).isEqualTo(pages.get(0).get("data")));
        assertThat(pages.get(0).get("data").size()).isEqualTo(3);
    }

    @Test
    void shouldReplaceTheLastRowWithACopyOfTheFirst() throws Exception {
        remote.misbehave(Misbehaviour.of(Kind.DUPLICATE_KEYS).forRequests(1));

        JsonNode page = json(get(dataUri("users", 3, null), bearer(ACME)));
        JsonNode healed = json(get(dataUri("users", 3, null), bearer(ACME)));

        assertThat(page.get("data").size()).isEqualTo(3);
        assertThat(page.at("/data/2")).isEqualTo(page.at("/data/0"));
        assertThat(page.at("/data/1/0").asLong()).isEqualTo(2L);
        assertThat(healed.at("/data/2/0").asLong()).isEqualTo(3L);
    }

    // ---- bent listings -----------------------------------------------------------------------

    @Test
    void shouldAnswerTheFirstListingCursorAgain_forever() throws Exception {
        restartWithInstallations(5);
        remote.misbehave(Misbehaviour.of(Kind.LISTING_CYCLE));

        List<JsonNode> pages = walkListing(2, 5);

        assertThat(pages).hasSize(5);
        String first = pages.get(0).at("/pagination/afterId").asText();
        assertThat(pages).allSatisfy(p -> assertThat(p.at("/pagination/afterId").asText()).isEqualTo(first));
        assertThat(pages.get(0).get("installations")).extracting(JsonNode::asText).containsExactly("i0", "i1");
        assertThat(pages.get(1).get("installations")).extracting(JsonNode::asText).containsExactly("i2", "i3");
        assertThat(pages.get(2).get("installations")).isEqualTo(pages.get(1).get("installations"));
    }

    @Test
    void shouldListEveryInstallationTwice() throws Exception {
        remote.misbehave(Misbehaviour.of(Kind.LISTING_DUPLICATES));

        List<JsonNode> pages = walkListing(2, 10);

        assertThat(pages).hasSize(2);
        assertThat(ids(pages)).containsExactly(ACME, "globex", ACME, "globex");
    }

    @Test
    void shouldListTheSameIdsWithEndlessFreshCursors() throws Exception {
        restartWithInstallations(3);
        remote.misbehave(Misbehaviour.of(Kind.LISTING_ENDLESS));

        List<JsonNode> pages = walkListing(2, 6);

        assertThat(pages).hasSize(6);
        assertThat(pages).allSatisfy(p -> assertThat(p.get("installations"))
                .extracting(JsonNode::asText).containsExactly("i0", "i1"));
        assertThat(pages.stream().map(p -> p.at("/pagination/afterId").asText()).distinct()).hasSize(6);
    }

    @Test
    void shouldAnswerAnEmptyListing() throws Exception {
        remote.misbehave(Misbehaviour.of(Kind.EMPTY_LISTING));

        JsonNode page = json(get(listingUri(10, null), bearer(appClaims(Instant.now()).build())));

        assertThat(page.get("installations").size()).isZero();
        assertThat(page.at("/pagination/afterId").isNull()).isTrue();
        assertThat(get(dataUri("users", 3, null), bearer(ACME)).statusCode()).isEqualTo(200);
    }

    // ---- misbehaviour selection --------------------------------------------------------------

    @Test
    void shouldLetTheFirstMatchingMisbehaviourAnswer_byDataTypeAndOrder() throws Exception {
        remote.putData(ACME, "orders", List.of("id"), List.of(List.of(1)));
        Misbehaviour orders = remote.misbehave(Misbehaviour.of(Kind.STATUS_500).dataType("orders"));
        Misbehaviour any = remote.misbehave(Misbehaviour.of(Kind.STATUS_503).on(Endpoint.DATA));

        assertThat(get(dataUri("orders", 3, null), bearer(ACME)).statusCode()).isEqualTo(500);
        assertThat(get(dataUri("users", 3, null), bearer(ACME)).statusCode()).isEqualTo(503);
        assertThat(get(statusUri(), bearer(ACME)).statusCode()).isEqualTo(200);
        remote.clearMisbehaviours();
        assertThat(get(dataUri("orders", 3, null), bearer(ACME)).statusCode()).isEqualTo(200);

        assertThat(orders.matchedRequests()).isEqualTo(1);
        assertThat(any.matchedRequests()).isEqualTo(1);
        assertThat(orders.active()).isFalse();
        assertThatThrownBy(() -> Misbehaviour.of(Kind.CURSOR_CYCLE).on(Endpoint.LISTING))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Misbehaviour.of(Kind.STATUS_500).param(10L))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> orders.forRequests(3)).isInstanceOf(IllegalStateException.class);
    }
}
