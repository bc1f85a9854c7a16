package io.gatevault.allinone.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatevault.allinone.cli.CommandProgress;
import io.gatevault.allinone.cli.ControlPlaneClient;
import io.gatevault.allinone.config.ConfigLoader;
import io.gatevault.allinone.config.GatevaultConfig;
import io.gatevault.allinone.stack.EmbeddedStack;
import io.gatevault.allinone.stack.Progress;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * {@code gatevault demo}: the whole story on one machine with only a JDK. A real gateway is
 * configured, backed up, broken by a bad release, a stored copy is damaged and caught by
 * verification, and the backup is restored — each step narrated, each claim checked by HTTP
 * requests through the gateway.
 */
public final class DemoScenario {

  private static final String GATEWAY = "demo-gateway";
  private final PrintStream out;
  private final Path workDir;

  public DemoScenario(PrintStream out, Path workDir) {
    this.out = out;
    this.workDir = workDir;
  }

  /** Runs the demo; returns true when the restored gateway behaves exactly as before. */
  public boolean run() throws InterruptedException {
    say("Gatevault demo: protect a gateway, break it, restore it. Working folder: " + workDir);
    step(1, "Start a Spring Cloud Gateway (the gateway to protect)");
    try (DemoGateway gateway = DemoGateway.start()) {
      say("   gateway on " + gateway.proxyUrl() + ", admin API on " + gateway.adminUrl());

      step(2, "Deploy release 1: a public route, and an admin route behind basic auth");
      gateway.deployGoodConfiguration();
      List<String> before = gateway.observe();
      before.forEach(line -> say("   " + line));

      step(3, "Start Gatevault: Kafka, schema registry and its seven services, in this process");
      GatevaultConfig config = config(gateway.adminUrl());
      try (EmbeddedStack stack = new EmbeddedStack(config, new Progress(out, 9)).start()) {
        ControlPlaneClient api = new ControlPlaneClient(stack.controlPlaneUrl());

        step(4, "Back up the gateway before the next release (on demand)");
        ControlPlaneClient.Reply requested =
            api.post(
                "/api/v1/gateways/" + GATEWAY + "/backups",
                Map.of("type", "FULL", "description", "release 1", "requestedBy", "demo"),
                "demo-backup-" + Instant.now().getEpochSecond());
        check(requested.ok(), "the backup request was refused: " + requested.body());
        JsonNode backup = awaitBackup(api, b -> "SUCCESS".equals(b.path("status").asText()));
        say(
            "   "
                + backup.path("name").asText()
                + "  v"
                + backup.path("version").asInt()
                + "  "
                + backup.path("size").asLong()
                + " bytes sealed (AES-256-GCM)  status "
                + backup.path("status").asText());
        for (JsonNode replica : backup.path("replicas")) {
          say(
              "   copy on "
                  + pad(replica.path("targetId").asText())
                  + " "
                  + replica.path("medium").asText()
                  + (replica.path("offSite").asBoolean() ? " off-site" : "")
                  + "  sha-256 "
                  + replica.path("sha256").asText().substring(0, 16)
                  + "...");
        }
        String backupId = backup.path("artifactId").asText();

        step(5, "Deploy release 2, a bad change: /hello is gone, /admin lost its password");
        gateway.deployBadChange();
        gateway.observe().forEach(line -> say("   " + line));

        step(6, "Damage the copy on the 'removable' target, then verify the backup again");
        Path damaged = damageReplica(config, backupId);
        say("   flipped one byte in " + damaged);
        ControlPlaneClient.Reply verify =
            api.post(
                "/api/v1/backups/" + backupId + "/verify", Map.of("requestedBy", "demo"), null);
        check(verify.ok(), "the verify request was refused: " + verify.body());
        JsonNode verified = awaitBackup(api, b -> "PARTIAL".equals(b.path("status").asText()));
        say("   verification: " + verified.path("status").asText());
        for (JsonNode c : verified.path("checks")) {
          if (!c.path("passed").asBoolean()) {
            say(
                "   failed check "
                    + c.path("checkName").asText()
                    + " on "
                    + c.path("targetId").asText()
                    + ": "
                    + c.path("detail").asText());
          }
        }

        step(7, "Restore release 1 from the backup (the healthy copies are used)");
        ControlPlaneClient.Reply restore =
            api.post(
                "/api/v1/gateways/" + GATEWAY + "/restores",
                Map.of("backupId", backupId, "dryRun", false, "requestedBy", "demo"),
                null);
        check(restore.ok(), "the restore request was refused: " + restore.body());
        JsonNode done =
            new CommandProgress(api)
                .follow(
                    restore.body().path("commandId").asText(),
                    "restore.completed",
                    Duration.ofSeconds(120),
                    r -> {
                      JsonNode d = r.path("detail");
                      if (d.hasNonNull("step")) {
                        say(
                            "   "
                                + pad(d.path("step").asText())
                                + " "
                                + d.path("outcome").asText()
                                + "  "
                                + d.path("message").asText());
                      }
                    });
        check(done != null, "the restore did not finish within 120 s");
        say("   restore: " + done.path("outcome").asText());
        List<String> after = gateway.observe();
        after.forEach(line -> say("   " + line));
        boolean same = before.equals(after);

        step(8, "Result");
        say(
            same
                ? "   The gateway answers exactly as it did before the bad release."
                : "   The gateway does NOT answer as before: compare the lines above.");
        say("   Backups, keys and logs of this demo stay in " + workDir + ".");
        return same;
      }
    }
  }

  private GatevaultConfig config(String adminUrl) {
    String yaml =
        """
        data-dir: data
        registry: {port: %d}
        control-plane: {port: %d}
        keyring: {keystore: keys/keyring.p12, password-file: keys/keyring.pass}
        storage:
          targets:
            - {id: local, path: targets/local, medium: FILESYSTEM}
            - {id: removable, path: targets/removable, medium: REMOVABLE_MEDIA, offline: true}
            - {id: offsite, path: targets/offsite, medium: FILESYSTEM, region: offsite, off-site: true}
        gateways:
          - id: %s
            type: spring-cloud-gateway
            admin-url: "%s"
            environment: demo
            application: shop
            owner: platform-team
        """
            .formatted(0, 0, GATEWAY, adminUrl);
    return ConfigLoader.parse(yaml, "demo configuration", workDir);
  }

  private JsonNode awaitBackup(ControlPlaneClient api, Predicate<JsonNode> ready)
      throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(120);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      JsonNode body = api.get("/api/v1/backups?gateway=" + GATEWAY + "&limit=1").body();
      JsonNode entries = body.isArray() ? body : body.path("backups");
      if (!entries.isEmpty()) {
        last = entries.get(0);
        if (ready.test(last)) {
          return last;
        }
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "The backup did not reach the expected state within 120 s; last seen: " + last);
  }

  private Path damageReplica(GatevaultConfig config, String artifactId) {
    Path root =
        config.targets().stream()
            .filter(t -> t.id().equals("removable"))
            .findFirst()
            .orElseThrow()
            .path();
    try (Stream<Path> files = Files.walk(root)) {
      Path sealed =
          files
              .filter(p -> p.toString().endsWith(".gvx") && p.toString().contains("/snapshots/"))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("No sealed snapshot under " + root));
      try (FileChannel channel =
          FileChannel.open(sealed, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        long position = channel.size() / 2;
        ByteBuffer one = ByteBuffer.allocate(1);
        channel.read(one, position);
        one.flip();
        byte flipped = (byte) (one.get() ^ 0x01);
        channel.write(ByteBuffer.wrap(new byte[] {flipped}), position);
      }
      return sealed;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot damage a replica under " + root, e);
    }
  }

  private void step(int n, String what) {
    out.println();
    out.println("[" + n + "/8] " + what);
  }

  private void say(String line) {
    out.println(line);
  }

  private static String pad(String text) {
    return String.format("%-10s", text);
  }

  private static void check(boolean condition, String problem) {
    if (!condition) {
      throw new IllegalStateException("Demo stopped: " + problem);
    }
  }
}
