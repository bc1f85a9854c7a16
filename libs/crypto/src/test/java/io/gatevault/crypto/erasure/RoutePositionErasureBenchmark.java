package io.gatevault.crypto.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.config.ConfigSnapshot;
import io.gatevault.core.pitr.Checkpoint;
import io.gatevault.core.pitr.ConfigState;
import io.gatevault.gateways.caddy.CaddyConfigMapper;
import java.time.Instant;

/**
 * Times the erasure of one Caddy route (its {@code @id} the subject) from a snapshot and a
 * checkpoint of {@code routes} routes with one handler each, the follower's position tag repointed,
 * and the re-scan's check for position tags naming a missing entity (docs/gdpr.md, "Tests and
 * numbers"). A plain main, not a test: timing in unit tests is noise. Argument: the route count
 * (default 10,000).
 */
public final class RoutePositionErasureBenchmark {

  private RoutePositionErasureBenchmark() {}

  public static void main(String[] args) {
    int routes = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    String subject = "alice@example.com";
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < routes; i++) {
      String id = i == routes / 2 ? subject : "r" + i;
      list.append(i == 0 ? "" : ",")
          .append("{\"@id\":\"")
          .append(id)
          .append("\",\"match\":[{\"path\":[\"/p")
          .append(i)
          .append("/*\"]}],\"handle\":[{\"handler\":\"static_response\",\"body\":\"")
          .append(i)
          .append("\"}]}");
    }
    JsonNode config =
        CanonicalJson.parse(
            "{\"apps\":{\"http\":{\"servers\":{\"srv0\":{\"routes\":[" + list + "]}}}}}");
    ConfigSnapshot snapshot =
        ConfigSnapshot.of("caddy-1", "caddy", CaddyConfigMapper.entities(config), config);
    byte[] snapshotDocument = snapshot.toDocument();
    byte[] checkpoint =
        Checkpoint.write(ConfigState.fromSnapshot(snapshot, "change-feed", 1, Instant.EPOCH));
    for (int round = 0; round < 5; round++) {
      long t0 = System.nanoTime();
      SubjectScrubber.Result fromSnapshot = SubjectScrubber.scrub(snapshotDocument, subject);
      long t1 = System.nanoTime();
      SubjectScrubber.Result fromCheckpoint = SubjectScrubber.scrub(checkpoint, subject);
      long t2 = System.nanoTime();
      int dangling =
          SubjectScrubber.danglingPositions(fromSnapshot.document(), subject).size()
              + SubjectScrubber.danglingPositions(fromCheckpoint.document(), subject).size();
      long t3 = System.nanoTime();
      int positions = SubjectScrubber.erasedPositions(snapshotDocument, subject).size();
      long t4 = System.nanoTime();
      System.out.printf(
          "%d routes (%d entities, snapshot %d KB, checkpoint %d KB): scrub snapshot %d ms,"
              + " scrub checkpoint %d ms, dangling-position check of both %d ms (%d found),"
              + " erased positions %d ms (%d), clean %b/%b%n",
          routes,
          snapshot.entities().size(),
          snapshotDocument.length / 1024,
          checkpoint.length / 1024,
          (t1 - t0) / 1_000_000,
          (t2 - t1) / 1_000_000,
          (t3 - t2) / 1_000_000,
          dangling,
          (t4 - t3) / 1_000_000,
          positions,
          fromSnapshot.clean(),
          fromCheckpoint.clean());
    }
  }
}
