package io.gatevault.crypto.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatevault.core.changes.EntityImage;
import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.config.ConfigEntity;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.pitr.Checkpoint;
import io.gatevault.core.pitr.ConfigState;
import io.gatevault.gateways.caddy.CaddyConfigComposer;
import io.gatevault.gateways.caddy.CaddyConfigMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Route positions ({@code after:<id>} tags) after erasing a Caddy route whose {@code @id} is the
 * subject's e-mail: no tag names it any more, and the routes that stay compose in the order the
 * gateway had them, as the real composer places them.
 */
class SubjectScrubberPositionsTest {

  private static final String SUBJECT = "alice@example.com";

  /** Four routes; the second one is the subject's (a personal landing page), with two handlers. */
  private static final JsonNode LIVE =
      CanonicalJson.parse(
          """
          {"apps":{"http":{"servers":{"srv0":{"listen":[":8080"],"routes":[
            {"@id":"home","match":[{"path":["/"]}],
             "handle":[{"handler":"static_response","body":"home"}]},
            {"@id":"alice@example.com","match":[{"path":["/u/alice/*"]}],
             "handle":[{"handler":"headers","response":{"set":{"X-Owner":["alice"]}}},
                       {"handler":"static_response","body":"alice's page"}]},
            {"@id":"shop","match":[{"path":["/shop/*"]}],
             "handle":[{"handler":"static_response","body":"shop"}]},
            {"@id":"fallback","handle":[{"handler":"static_response","body":"fallback"}]}
          ]}}}}}
          """);

  /** What the gateway holds once the subject's route is deleted there. */
  private static final JsonNode WITHOUT_SUBJECT =
      CanonicalJson.parse(
          """
          {"apps":{"http":{"servers":{"srv0":{"listen":[":8080"],"routes":[
            {"@id":"home","match":[{"path":["/"]}],
             "handle":[{"handler":"static_response","body":"home"}]},
            {"@id":"shop","match":[{"path":["/shop/*"]}],
             "handle":[{"handler":"static_response","body":"shop"}]},
            {"@id":"fallback","handle":[{"handler":"static_response","body":"fallback"}]}
          ]}}}}}
          """);

  @Test
  void anErasedRouteWhoseIdIsTheSubjectIsNamedByNoTagAndTheOthersComposeInOrder() {
    ConfigSnapshot snapshot =
        ConfigSnapshot.of("caddy-1", "caddy", CaddyConfigMapper.entities(LIVE), LIVE);
    assertThat(entity(snapshot.entities(), "route/shop").tags()).contains("after:" + SUBJECT);

    SubjectScrubber.Result result = SubjectScrubber.scrub(snapshot.toDocument(), SUBJECT);

    assertThat(result.clean()).isTrue();
    assertThat(result.removedPaths())
        .contains("entities/route/(subject)", "entities/route/shop/tags/after:(subject)")
        .noneMatch(path -> path.contains(SUBJECT));
    assertThat(new String(result.document(), StandardCharsets.UTF_8)).doesNotContain(SUBJECT);
    ConfigSnapshot scrubbed = ConfigSnapshot.fromDocument(result.document());
    // The shop route now follows the route that stood before the erased one: exactly the tags a
    // dump of the gateway after deleting the route gives.
    assertThat(scrubbed.entities())
        .containsExactlyInAnyOrderElementsOf(CaddyConfigMapper.entities(WITHOUT_SUBJECT));
    assertThat(CaddyConfigComposer.compose(scrubbed.nativeConfigTree(), scrubbed.entities()))
        .isEqualTo(WITHOUT_SUBJECT);
    assertThat(SubjectScrubber.danglingPositions(result.document(), SUBJECT)).isEmpty();
  }

  @Test
  void aRunOfErasedRoutesAtTheHeadOfTheListMakesTheNextRouteTheFirst() {
    JsonNode live =
        CanonicalJson.parse(
            """
            {"apps":{"http":{"servers":{"srv0":{"routes":[
              {"@id":"alice@example.com","handle":[{"handler":"static_response","body":"a"}]},
              {"@id":"x","match":[{"path":["/x"]}]},
              {"@id":"shop","handle":[{"handler":"static_response","body":"shop"}]}
            ]}}}}}
            """);
    ConfigSnapshot snapshot =
        ConfigSnapshot.of("caddy-1", "caddy", CaddyConfigMapper.entities(live), live);

    SubjectScrubber.Result result = SubjectScrubber.scrub(snapshot.toDocument(), SUBJECT);

    ConfigSnapshot scrubbed = ConfigSnapshot.fromDocument(result.document());
    // Route x followed the erased one, which was first: x is first now; shop still follows x.
    assertThat(entity(scrubbed.entities(), "route/x").tags()).containsExactly("server:srv0");
    assertThat(result.clean()).isTrue();
    assertThat(entity(scrubbed.entities(), "route/shop").tags())
        .containsExactlyInAnyOrder("server:srv0", "after:x");
    assertThat(SubjectScrubber.erasedPositions(snapshot.toDocument(), SUBJECT))
        .containsEntry("route/" + SUBJECT, "")
        .containsEntry("handler/" + SUBJECT + "/handle/0", "");
    assertThat(CaddyConfigComposer.compose(scrubbed.nativeConfigTree(), scrubbed.entities()))
        .isEqualTo(
            CanonicalJson.parse(
                """
                {"apps":{"http":{"servers":{"srv0":{"routes":[
                  {"@id":"x","match":[{"path":["/x"]}]},
                  {"@id":"shop","handle":[{"handler":"static_response","body":"shop"}]}
                ]}}}}}
                """));
  }

  @Test
  void aCheckpointLosesTheSubjectsRouteAndItsHandlersAndItsFollowerIsRepositioned() {
    ConfigSnapshot snapshot =
        ConfigSnapshot.of("caddy-1", "caddy", CaddyConfigMapper.entities(LIVE), LIVE);
    Instant at = Instant.parse("2026-11-26T15:00:00Z");
    byte[] checkpoint =
        Checkpoint.write(ConfigState.fromSnapshot(snapshot, "change-feed", 900, at));

    SubjectScrubber.Result result = SubjectScrubber.scrub(checkpoint, SUBJECT);

    assertThat(result.clean()).isTrue();
    assertThat(result.removedPaths())
        .contains(
            "entities/route/(subject)",
            "entities/handler/(subject)",
            "entities/route/shop/tags/after:(subject)");
    assertThat(new String(result.document(), StandardCharsets.UTF_8)).doesNotContain(SUBJECT);
    ConfigState scrubbed = Checkpoint.read(result.document());
    assertThat(scrubbed.watermark()).isEqualTo(900);
    assertThat(scrubbed.watermarkTime()).isEqualTo(at);
    assertThat(scrubbed.baseSnapshot()).isEqualTo("change-feed");
    assertThat(scrubbed.entities())
        .containsExactlyInAnyOrderElementsOf(CaddyConfigMapper.entities(WITHOUT_SUBJECT));
    // Restore composes a checkpoint's entities on its base snapshot's native document.
    ConfigSnapshot base =
        ConfigSnapshot.fromDocument(
            SubjectScrubber.scrub(snapshot.toDocument(), SUBJECT).document());
    assertThat(CaddyConfigComposer.compose(base.nativeConfigTree(), scrubbed.entities()))
        .isEqualTo(WITHOUT_SUBJECT);
  }

  @Test
  void aChangeSegmentsImageNamingTheErasedRouteFollowsItsPredecessorAndReplayComposesInOrder() {
    ConfigSnapshot snapshot =
        ConfigSnapshot.of("caddy-1", "caddy", CaddyConfigMapper.entities(LIVE), LIVE);
    // The shop route changes after the snapshot: its image still says it follows the subject's.
    ConfigEntity shop = entity(snapshot.entities(), "route/shop");
    ConfigEntity shopChanged =
        ConfigEntity.of(
            shop.type(),
            shop.id(),
            shop.naturalKey(),
            shop.tags(),
            shop.foreignKeys(),
            CanonicalJson.parse("{\"@id\":\"shop\",\"match\":[{\"path\":[\"/store/*\"]}]}"));
    String line =
        "{\"after\":"
            + CanonicalJson.toCanonicalString(
                CanonicalJson.newObject().textNode(EntityImage.encode(shopChanged)))
            + ",\"before\":"
            + CanonicalJson.toCanonicalString(
                CanonicalJson.newObject().textNode(EntityImage.encode(shop)))
            + ",\"entityId\":\"shop\",\"entityType\":\"route\",\"op\":\"UPDATE\",\"sequence\":7}\n";
    Map<String, String> positions = SubjectScrubber.erasedPositions(snapshot.toDocument(), SUBJECT);
    assertThat(positions).containsEntry("route/" + SUBJECT, "home");

    SubjectScrubber.Result result =
        SubjectScrubber.scrubChangeSegment(
            line.getBytes(StandardCharsets.UTF_8), SUBJECT, positions);

    assertThat(result.clean()).isTrue();
    assertThat(result.removedPaths())
        .containsExactly(
            "changes/7/before/tags/after:(subject)", "changes/7/after/tags/after:(subject)");
    assertThat(new String(result.document(), StandardCharsets.UTF_8)).doesNotContain(SUBJECT);
    JsonNode change = CanonicalJson.parse(new String(result.document(), StandardCharsets.UTF_8));
    ConfigEntity replayed = EntityImage.decode(change.get("after").textValue());
    assertThat(replayed.tags()).containsExactlyInAnyOrder("server:srv0", "after:home");

    // compose(scrubbed base + scrubbed change): the shop route, changed, right after home.
    ConfigSnapshot base =
        ConfigSnapshot.fromDocument(
            SubjectScrubber.scrub(snapshot.toDocument(), SUBJECT).document());
    List<ConfigEntity> state = new ArrayList<>(base.entities());
    state.replaceAll(entity -> entity.key().equals(replayed.key()) ? replayed : entity);
    JsonNode composed = CaddyConfigComposer.compose(base.nativeConfigTree(), state);
    assertThat(composed.at("/apps/http/servers/srv0/routes").findValuesAsText("@id"))
        .containsExactly("home", "shop", "fallback");
    assertThat(composed.at("/apps/http/servers/srv0/routes/1/match/0/path/0").asText())
        .isEqualTo("/store/*");
  }

  @Test
  void aSegmentInWhichTheErasedRouteMovedPointsItsFollowerWhereTheRouteStoodThen() {
    ConfigSnapshot snapshot =
        ConfigSnapshot.of("caddy-1", "caddy", CaddyConfigMapper.entities(LIVE), LIVE);
    // A route c is inserted before the subject's route, then the shop route changes: at that
    // moment the subject's route follows c, so shop must follow c, not home as in the snapshot.
    ConfigEntity c =
        ConfigEntity.of(
            "route",
            "c",
            null,
            List.of("server:srv0", "after:home"),
            Map.of("server", "server/srv0"),
            CanonicalJson.parse("{\"@id\":\"c\",\"match\":[{\"path\":[\"/c\"]}]}"));
    ConfigEntity alice = entity(snapshot.entities(), "route/" + SUBJECT);
    ConfigEntity aliceMoved =
        ConfigEntity.of(
            alice.type(),
            alice.id(),
            alice.naturalKey(),
            List.of("server:srv0", "after:c"),
            alice.foreignKeys(),
            alice.bodyTree());
    ConfigEntity shop = entity(snapshot.entities(), "route/shop");
    ConfigEntity shopChanged =
        ConfigEntity.of(
            shop.type(),
            shop.id(),
            shop.naturalKey(),
            shop.tags(),
            shop.foreignKeys(),
            CanonicalJson.parse("{\"@id\":\"shop\",\"match\":[{\"path\":[\"/store/*\"]}]}"));
    String lines =
        line(11, "CREATE", c, null, c)
            + line(12, "UPDATE", alice, alice, aliceMoved)
            + line(13, "UPDATE", shop, shop, shopChanged);

    SubjectScrubber.Result result =
        SubjectScrubber.scrubChangeSegment(
            lines.getBytes(StandardCharsets.UTF_8),
            SUBJECT,
            SubjectScrubber.erasedPositions(snapshot.toDocument(), SUBJECT));

    assertThat(result.clean()).as(result.residualPaths().toString()).isTrue();
    String scrubbed = new String(result.document(), StandardCharsets.UTF_8);
    assertThat(scrubbed).doesNotContain(SUBJECT);
    ConfigSnapshot base =
        ConfigSnapshot.fromDocument(
            SubjectScrubber.scrub(snapshot.toDocument(), SUBJECT).document());
    ConfigState state = ConfigState.fromSnapshot(base, "change-feed", 10, Instant.EPOCH);
    for (String text : scrubbed.split("\\n")) {
      JsonNode change = CanonicalJson.parse(text);
      state.apply(
          new io.gatevault.core.pitr.LoggedChange(
              change.get("sequence").asLong(),
              io.gatevault.core.event.ChangeOperation.valueOf(change.get("op").asText()),
              change.get("entityType").asText(),
              change.get("entityId").asText(),
              change.get("after").isNull() ? null : change.get("after").asText(),
              Instant.parse(change.get("occurredAt").asText())));
    }
    assertThat(entity(state.entities(), "route/shop").tags())
        .containsExactlyInAnyOrder("server:srv0", "after:c");
    JsonNode composed = CaddyConfigComposer.compose(base.nativeConfigTree(), state.entities());
    assertThat(composed.at("/apps/http/servers/srv0/routes").findValuesAsText("@id"))
        .containsExactly("home", "c", "shop", "fallback");
  }

  @Test
  void withoutAKnownPositionTheTagNamingTheSubjectIsDroppedNotKept() {
    ConfigEntity shop =
        ConfigEntity.of(
            "route",
            "shop",
            null,
            List.of("server:srv0", "after:" + SUBJECT),
            Map.of("server", "server/srv0"),
            CanonicalJson.parse("{\"@id\":\"shop\"}"));
    String line =
        "{\"after\":"
            + CanonicalJson.toCanonicalString(
                CanonicalJson.newObject().textNode(EntityImage.encode(shop)))
            + ",\"before\":null,\"entityId\":\"shop\",\"entityType\":\"route\",\"op\":\"CREATE\","
            + "\"sequence\":3}\n";

    SubjectScrubber.Result result =
        SubjectScrubber.scrubChangeSegment(line.getBytes(StandardCharsets.UTF_8), SUBJECT);

    assertThat(result.clean()).isTrue();
    JsonNode change = CanonicalJson.parse(new String(result.document(), StandardCharsets.UTF_8));
    assertThat(EntityImage.decode(change.get("after").textValue()).tags())
        .containsExactly("server:srv0");
  }

  @Test
  void theRescanFindsAPositionTagNamingAnEntityTheSnapshotNoLongerHolds() {
    // What an erasure that removed a route but missed its follower's tag would have stored: the
    // erased id does not even spell the subject, so only the position gives it away.
    List<ConfigEntity> entities = new ArrayList<>(CaddyConfigMapper.entities(WITHOUT_SUBJECT));
    entities.replaceAll(
        entity ->
            entity.key().equals("route/shop")
                ? ConfigEntity.of(
                    entity.type(),
                    entity.id(),
                    entity.naturalKey(),
                    List.of("server:srv0", "after:route-7"),
                    entity.foreignKeys(),
                    entity.bodyTree())
                : entity);
    byte[] missed = ConfigSnapshot.of("caddy-1", "caddy", entities, WITHOUT_SUBJECT).toDocument();

    assertThat(SubjectScrubber.danglingPositions(missed, SUBJECT))
        .containsExactly(
            "entities/route/shop/tags/after:route-7 (names an entity the document does not hold)");
    assertThat(
            SubjectScrubber.danglingPositions(
                ConfigSnapshot.of(
                        "caddy-1",
                        "caddy",
                        CaddyConfigMapper.entities(WITHOUT_SUBJECT),
                        WITHOUT_SUBJECT)
                    .toDocument(),
                SUBJECT))
        .isEmpty();
  }

  @Test
  void changesOfTheSubjectsRouteBecomeChangesOfNothingAndReplayStillComposesInOrder() {
    // Capture's first poll: every entity read as a change (SNAPSHOT_READ), then the route deleted.
    List<ConfigEntity> read = CaddyConfigMapper.entities(LIVE);
    StringBuilder lines = new StringBuilder();
    long sequence = 0;
    for (ConfigEntity entity : read) {
      lines.append(line(++sequence, "SNAPSHOT_READ", entity, null, entity));
    }
    ConfigEntity aliceRoute = entity(read, "route/" + SUBJECT);
    lines.append(line(++sequence, "DELETE", aliceRoute, aliceRoute, null));
    long last = sequence;
    ConfigSnapshot snapshot = ConfigSnapshot.of("caddy-1", "caddy", read, LIVE);

    SubjectScrubber.Result result =
        SubjectScrubber.scrubChangeSegment(
            lines.toString().getBytes(StandardCharsets.UTF_8),
            SUBJECT,
            SubjectScrubber.erasedPositions(snapshot.toDocument(), SUBJECT));

    assertThat(result.clean()).as(result.residualPaths().toString()).isTrue();
    assertThat(result.removedPaths())
        .contains(
            "changes/" + last + " (a change of the subject's entity, now of none)",
            "changes/"
                + (read.indexOf(aliceRoute) + 1)
                + " (a change of the subject's entity, now"
                + " of none)")
        .noneMatch(path -> path.contains(SUBJECT));
    String scrubbed = new String(result.document(), StandardCharsets.UTF_8);
    assertThat(scrubbed).doesNotContain(SUBJECT).doesNotContain("alice's page");
    assertThat(scrubbed.split("\n")).hasSize((int) last);

    // Replayed on nothing, the log alone rebuilds the gateway without the subject's route.
    ConfigSnapshot empty = ConfigSnapshot.of("caddy-1", "caddy", List.of(), LIVE);
    ConfigState state = ConfigState.fromSnapshot(empty, "change-feed", 0, Instant.EPOCH);
    for (String text : scrubbed.split("\n")) {
      JsonNode change = CanonicalJson.parse(text);
      state.apply(
          new io.gatevault.core.pitr.LoggedChange(
              change.get("sequence").asLong(),
              io.gatevault.core.event.ChangeOperation.valueOf(change.get("op").asText()),
              change.get("entityType").asText(),
              change.get("entityId").asText(),
              change.get("after").isNull() ? null : change.get("after").asText(),
              Instant.parse(change.get("occurredAt").asText())));
    }
    ConfigSnapshot base =
        ConfigSnapshot.fromDocument(
            SubjectScrubber.scrub(snapshot.toDocument(), SUBJECT).document());
    assertThat(state.entities())
        .containsExactlyInAnyOrderElementsOf(CaddyConfigMapper.entities(WITHOUT_SUBJECT));
    assertThat(CaddyConfigComposer.compose(base.nativeConfigTree(), state.entities()))
        .isEqualTo(WITHOUT_SUBJECT);
  }

  @Test
  void anErasedSpringCloudGatewayRouteLeavesTheOthersInTheirOrder() {
    ConfigSnapshot scg =
        io.gatevault.gateways.scg.ScgRouteDefinitions.snapshot(
            "scg",
            "spring-cloud-gateway",
            CanonicalJson.parse(
                """
                [{"id":"a","predicates":["Path=/**"],"uri":"forward:/origin/status/200"},
                 {"id":"alice@example.com","predicates":["Path=/u/alice/**"],"uri":"forward:/u"},
                 {"id":"c","predicates":["Path=/c/**"],"uri":"forward:/origin/echo"}]
                """));
    JsonNode without =
        CanonicalJson.parse(
            """
            [{"id":"a","predicates":["Path=/**"],"uri":"forward:/origin/status/200"},
             {"id":"c","predicates":["Path=/c/**"],"uri":"forward:/origin/echo"}]
            """);

    SubjectScrubber.Result result = SubjectScrubber.scrub(scg.toDocument(), SUBJECT);

    assertThat(result.clean()).as(result.residualPaths().toString()).isTrue();
    assertThat(new String(result.document(), StandardCharsets.UTF_8)).doesNotContain(SUBJECT);
    ConfigSnapshot scrubbed = ConfigSnapshot.fromDocument(result.document());
    assertThat(scrubbed.entity("route/c").orElseThrow().tags()).containsExactly("after:a");
    ConfigSnapshot expected =
        io.gatevault.gateways.scg.ScgRouteDefinitions.snapshot(
            "scg", "spring-cloud-gateway", without);
    assertThat(
            CanonicalJson.toCanonicalString(
                io.gatevault.gateways.scg.ScgRouteDefinitions.compose(
                    scrubbed.nativeConfigTree(), scrubbed.entities())))
        .isEqualTo(expected.nativeConfig());
  }

  private static String line(
      long sequence, String op, ConfigEntity entity, ConfigEntity before, ConfigEntity after) {
    Map<String, Object> line = new java.util.TreeMap<>();
    line.put("sequence", sequence);
    line.put("op", op);
    line.put("entityType", entity.type());
    line.put("entityId", entity.id());
    line.put("naturalKey", entity.naturalKey());
    line.put("before", before == null ? null : EntityImage.encode(before));
    line.put("after", after == null ? null : EntityImage.encode(after));
    line.put("feed", "poll");
    line.put("reference", "GET /config/");
    line.put("actor", null);
    line.put("occurredAt", "2026-11-26T15:00:0" + (sequence % 10) + "Z");
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(line) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ConfigEntity entity(List<ConfigEntity> entities, String key) {
    return entities.stream().filter(e -> e.key().equals(key)).findFirst().orElseThrow();
  }
}
