package io.gatevault.allinone.config;

import io.gatevault.allinone.config.GatevaultConfig.GatewaySettings;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks the meaning of settings (ranges, combinations), after {@link ConfigLoader} typed them. */
public final class ConfigValidator {

  private static final Pattern GATEWAY_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Pattern TAG_VALUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}");
  private static final Set<String> GATEWAY_TYPES =
      Set.of("http-json", "caddy", "spring-cloud-gateway");
  private static final Set<String> MEDIA = Set.of("FILESYSTEM", "OBJECT_STORE", "REMOVABLE_MEDIA");
  private static final Pattern WINDOW =
      Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d-([01]\\d|2[0-3]):[0-5]\\d");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private ConfigValidator() {}

  /** Every problem in the configuration; empty when it can be used. */
  public static List<ConfigProblem> validate(GatevaultConfig config) {
    List<ConfigProblem> problems = new ArrayList<>();
    kafka(config, problems);
    registry(config, problems);
    controlPlane(config, problems);
    services(config, problems);
    gateways(config, problems);
    ports(config, problems);
    targets(config, problems);
    keyring(config, problems);
    retention(config, problems);
    residency(config, problems);
    changes(config, problems);
    problems.addAll(TlsConfigValidator.validate(config));
    return problems;
  }

  private static void kafka(GatevaultConfig config, List<ConfigProblem> problems) {
    var kafka = config.kafka();
    switch (kafka.mode()) {
      case "embedded" -> port("kafka.port", kafka.port(), true, problems);
      case "external" -> {
        if (kafka.bootstrapServers().isBlank()) {
          problems.add(
              new ConfigProblem(
                  "kafka.bootstrap-servers",
                  "is required when kafka.mode is external.",
                  "set it to your brokers, e.g. 'kafka-1:9092,kafka-2:9092'."));
        } else {
          for (String server : kafka.bootstrapServers().split(",")) {
            if (!HOST_PORT.matcher(server.trim()).matches()) {
              problems.add(
                  new ConfigProblem(
                      "kafka.bootstrap-servers",
                      "has '" + server.trim() + "', which is not host:port.",
                      "list brokers as host:port separated by commas."));
            }
          }
        }
      }
      default ->
          problems.add(
              new ConfigProblem(
                  "kafka.mode",
                  "is '" + kafka.mode() + "'.",
                  "use 'embedded' (an in-process broker) or 'external' (your cluster)."));
    }
  }

  private static void registry(GatevaultConfig config, List<ConfigProblem> problems) {
    var registry = config.registry();
    switch (registry.mode()) {
      case "embedded" -> port("registry.port", registry.port(), true, problems);
      case "external" -> {
        if (!isHttpUrl(registry.url())) {
          problems.add(
              new ConfigProblem(
                  "registry.url",
                  registry.url().isBlank()
                      ? "is required when registry.mode is external."
                      : "is '" + registry.url() + "', not an http(s) URL.",
                  "set it to your Confluent-compatible registry, e.g."
                      + " 'http://schema-registry:8081'."));
        }
      }
      default ->
          problems.add(
              new ConfigProblem(
                  "registry.mode",
                  "is '" + registry.mode() + "'.",
                  "use 'embedded' or 'external'."));
    }
  }

  private static void controlPlane(GatevaultConfig config, List<ConfigProblem> problems) {
    var cp = config.controlPlane();
    port("control-plane.port", cp.port(), true, problems);
    if (!cp.allowRemote() && !isLoopback(cp.host())) {
      problems.add(
          new ConfigProblem(
              "control-plane.host",
              "is '" + cp.host() + "', which is not a loopback address.",
              "use 127.0.0.1, or set control-plane.allow-remote: true and put TLS and"
                  + " authentication in front of it."));
    }
  }

  private static void services(GatevaultConfig config, List<ConfigProblem> problems) {
    if (config.services().isEmpty()) {
      problems.add(
          new ConfigProblem(
              "services",
              "is empty, so nothing would run.",
              "list services to run, or remove the setting to run all of them."));
    }
    Set<String> seen = new HashSet<>();
    for (String service : config.services()) {
      if (!GatevaultConfig.ALL_SERVICES.contains(service)) {
        problems.add(
            new ConfigProblem(
                "services",
                "names '" + service + "', which is not a Gatevault service.",
                "choose from " + String.join(", ", GatevaultConfig.ALL_SERVICES) + "."));
      } else if (!seen.add(service)) {
        problems.add(
            new ConfigProblem(
                "services", "names '" + service + "' twice.", "list each service once."));
      }
    }
  }

  private static void gateways(GatevaultConfig config, List<ConfigProblem> problems) {
    Set<String> ids = new HashSet<>();
    List<GatewaySettings> gateways = config.gateways();
    for (int i = 0; i < gateways.size(); i++) {
      GatewaySettings g = gateways.get(i);
      String at = "gateways[" + i + "].";
      if (!GATEWAY_ID.matcher(g.id()).matches()) {
        problems.add(
            new ConfigProblem(
                at + "id",
                g.id().isBlank() ? "is missing." : "is '" + g.id() + "'.",
                "use lower-case letters, digits and '-', e.g. 'caddy-prod' (at most 63)."));
      } else if (!ids.add(g.id())) {
        problems.add(
            new ConfigProblem(
                at + "id",
                "'" + g.id() + "' is used by another gateway.",
                "give each its own id."));
      }
      if (!GATEWAY_TYPES.contains(g.type())) {
        problems.add(
            new ConfigProblem(
                at + "type",
                "is '" + g.type() + "'.",
                "use one of " + String.join(", ", GATEWAY_TYPES) + "."));
      }
      if (!isHttpUrl(g.adminUrl())) {
        problems.add(
            new ConfigProblem(
                at + "admin-url",
                g.adminUrl().isBlank() ? "is missing." : "is '" + g.adminUrl() + "', not a URL.",
                "set the gateway's admin API, e.g. 'http://127.0.0.1:2019/config/'."));
      }
      if (!g.schedule().isBlank()
          && !org.springframework.scheduling.support.CronExpression.isValidExpression(
              g.schedule())) {
        problems.add(
            new ConfigProblem(
                at + "schedule",
                "is '" + g.schedule() + "', not a cron expression.",
                "use six fields: second minute hour day month weekday, e.g. '0 30 2 * * *' for"
                    + " 02:30 every day."));
      }
      if (!g.offPeakWindow().isBlank() && !WINDOW.matcher(g.offPeakWindow()).matches()) {
        problems.add(
            new ConfigProblem(
                at + "off-peak-window",
                "is '" + g.offPeakWindow() + "'.",
                "write it as HH:mm-HH:mm, e.g. '01:00-05:00' (it may wrap midnight)."));
      }
      try {
        g.pollIntervalDuration();
      } catch (IllegalArgumentException e) {
        problems.add(
            new ConfigProblem(
                at + "poll-interval",
                "is '" + g.pollInterval() + "'.",
                "write a number with unit ms, s, m or h (e.g. 5s, 500ms), or off to stop"
                    + " polling."));
      }
      if (!g.secrets().equals("keep") && !g.secrets().equals("redact")) {
        problems.add(
            new ConfigProblem(
                at + "secrets",
                "is '" + g.secrets() + "'.",
                "use keep (secrets stay in the sealed backup) or redact (left out of backups, a"
                    + " restore asks for them)."));
      }
      try {
        java.time.ZoneId.of(g.timeZone());
      } catch (java.time.DateTimeException e) {
        problems.add(
            new ConfigProblem(
                at + "time-zone",
                "is '" + g.timeZone() + "', not a time zone.",
                "use a zone id such as 'Europe/Amsterdam' or 'UTC'."));
      }
      tag(at + "environment", g.environment(), "prod", problems);
      tag(at + "application", g.application(), "payments", problems);
      tag(at + "owner", g.owner(), "platform-team", problems);
    }
  }

  private static void targets(GatevaultConfig config, List<ConfigProblem> problems) {
    var targets = config.targets();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < targets.size(); i++) {
      var t = targets.get(i);
      String at = "storage.targets[" + i + "].";
      if (!GATEWAY_ID.matcher(t.id()).matches()) {
        problems.add(
            new ConfigProblem(
                at + "id",
                t.id().isBlank() ? "is missing." : "is '" + t.id() + "'.",
                "use lower-case letters, digits and '-', e.g. 'offsite-nas'."));
      } else if (!ids.add(t.id())) {
        problems.add(
            new ConfigProblem(
                at + "id", "'" + t.id() + "' is used twice.", "give each its own id."));
      }
      if (t.type().equals("filesystem")) {
        if (t.path() == null) {
          problems.add(
              new ConfigProblem(at + "path", "is missing.", "set the target's root folder."));
        }
      } else if (t.type().equals("s3")) {
        if (!t.s3().containsKey("bucket")) {
          problems.add(
              new ConfigProblem(
                  at + "s3.bucket",
                  "is missing.",
                  "name the bucket, e.g. 's3: {bucket: gatevault-offsite, region: eu-west-1}'."));
        }
        String endpoint = t.s3().get("endpoint");
        if (endpoint != null && !isHttpUrl(endpoint)) {
          problems.add(
              new ConfigProblem(
                  at + "s3.endpoint",
                  "is '" + endpoint + "', not an http(s) URL.",
                  "leave it out for AWS, or give the S3-compatible server's URL."));
        }
      } else {
        problems.add(
            new ConfigProblem(
                at + "type",
                "is '" + t.type() + "'.",
                "use 'filesystem' (a folder) or 's3' (AWS S3 or an S3-compatible store)."));
      }
      if (!MEDIA.contains(t.medium())) {
        problems.add(
            new ConfigProblem(
                at + "medium",
                "is '" + t.medium() + "'.",
                "use one of " + String.join(", ", new java.util.TreeSet<>(MEDIA)) + "."));
      }
      for (int j = 0; j < targets.size(); j++) {
        var other = targets.get(j);
        if (j != i
            && t.path() != null
            && other.path() != null
            && t.path().startsWith(other.path())) {
          problems.add(
              new ConfigProblem(
                  at + "path",
                  "is inside storage.targets[" + j + "].path (" + other.path() + ").",
                  "give every target its own folder: a copy inside another is not a copy."));
        }
      }
    }
    long media = targets.stream().map(GatevaultConfig.TargetSettings::medium).distinct().count();
    long offSite = targets.stream().filter(GatevaultConfig.TargetSettings::offSite).count();
    if (targets.size() < 3 || media < 2 || offSite < 1) {
      problems.add(
          new ConfigProblem(
              "storage.targets",
              "break the 3-2-1 rule: "
                  + targets.size()
                  + " copies (need 3), "
                  + media
                  + " media (need 2), "
                  + offSite
                  + " off-site (need 1).",
              "add targets until there are 3 copies on 2 different media with 1 marked"
                  + " off-site: true."));
    }
  }

  private static void keyring(GatevaultConfig config, List<ConfigProblem> problems) {
    var keyring = config.keyring();
    keyProvider(config, problems);
    if (keyring.keyAlias().isBlank()) {
      problems.add(
          new ConfigProblem(
              "keyring.key-alias", "is empty.", "name the key's alias, e.g. 'gatevault-kek'."));
    }
    if (keyring.keyVersion() < 1) {
      problems.add(
          new ConfigProblem(
              "keyring.key-version",
              "is " + keyring.keyVersion() + ".",
              "use 1 for a new key; each rotation raises it by one."));
    }
    if (!keyring.passwordEnv().isBlank() && !ENV_NAME.matcher(keyring.passwordEnv()).matches()) {
      problems.add(
          new ConfigProblem(
              "keyring.password-env",
              "is '" + keyring.passwordEnv() + "', not an environment variable name.",
              "name the variable that holds the passphrase, e.g. GATEVAULT_KEYSTORE_PASSWORD."));
    }
    for (int i = 0; i < config.targets().size(); i++) {
      var target = config.targets().get(i);
      if (target.path() != null
          && (keyring.keystore().startsWith(target.path())
              || keyring.passwordFile().startsWith(target.path()))) {
        problems.add(
            new ConfigProblem(
                "keyring.keystore",
                "is inside storage.targets[" + i + "] (" + target.path() + ").",
                "keep keys apart from the backups they protect: move the keystore and its"
                    + " passphrase file out of every target."));
      }
    }
  }

  /** A KMS key ARN (the strict keyring needs the key ARN, not an alias). */
  private static final Pattern KMS_KEY_ARN =
      Pattern.compile("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+");

  /** keyring.provider, keyring.kms.* and keyring.recovery.*. */
  private static void keyProvider(GatevaultConfig config, List<ConfigProblem> problems) {
    var keyring = config.keyring();
    var kms = keyring.kms();
    switch (keyring.provider()) {
      case "keystore" -> {
        if (kms.configured()) {
          problems.add(
              new ConfigProblem(
                  "keyring.kms",
                  "is set, but keyring.provider is keystore, so it would be ignored.",
                  "set keyring.provider: aws-kms to use the KMS key, or remove keyring.kms."));
        }
      }
      case "aws-kms" -> {
        if (kms.keyArn().isBlank()) {
          problems.add(
              new ConfigProblem(
                  "keyring.kms.key-arn",
                  "is not set, but keyring.provider is aws-kms.",
                  "set the KMS key's ARN, arn:aws:kms:<region>:<account>:key/<key id>."));
        } else if (!KMS_KEY_ARN.matcher(kms.keyArn()).matches()) {
          problems.add(
              new ConfigProblem(
                  "keyring.kms.key-arn",
                  "is '" + kms.keyArn() + "', not a KMS key ARN.",
                  "use the key ARN (arn:aws:kms:<region>:<account>:key/<key id>), not an alias"
                      + " or a bare key id: decrypting needs the key ARN."));
        }
        for (int i = 0; i < kms.additionalKeyArns().size(); i++) {
          String arn = kms.additionalKeyArns().get(i);
          if (!KMS_KEY_ARN.matcher(arn).matches() || arn.equals(kms.keyArn())) {
            problems.add(
                new ConfigProblem(
                    "keyring.kms.additional-key-arns[" + i + "]",
                    "is '" + arn + "', not a further KMS key ARN.",
                    "list the ARNs of other keys (e.g. the replicas of a multi-Region key),"
                        + " each arn:aws:kms:<region>:<account>:key/<key id>."));
          }
        }
        if (!kms.endpoint().isBlank() && !kms.endpoint().matches("https?://[^\\s/]+(/.*)?")) {
          problems.add(
              new ConfigProblem(
                  "keyring.kms.endpoint",
                  "is '" + kms.endpoint() + "', not an http(s) URL.",
                  "write the KMS endpoint as https://<host>[:port], or remove it for the"
                      + " public endpoint of the Region."));
        }
        boolean accessKey = !kms.accessKeyEnv().isBlank();
        boolean secretKey = !kms.secretKeyEnv().isBlank();
        if (accessKey != secretKey) {
          problems.add(
              new ConfigProblem(
                  accessKey ? "keyring.kms.secret-key-env" : "keyring.kms.access-key-env",
                  "is not set, but its partner is.",
                  "set both access-key-env and secret-key-env (names of environment variables),"
                      + " or neither to use the default credential chain."));
        }
        for (String name : List.of(kms.accessKeyEnv(), kms.secretKeyEnv())) {
          if (!name.isBlank() && !ENV_NAME.matcher(name).matches()) {
            problems.add(
                new ConfigProblem(
                    "keyring.kms."
                        + (name.equals(kms.accessKeyEnv()) ? "access" : "secret")
                        + "-key-env",
                    "is '" + name + "', not an environment variable name.",
                    "name the variable, e.g. GATEVAULT_KMS_ACCESS_KEY_ID."));
          }
        }
        if (accessKey && !kms.credentialsProfile().isBlank()) {
          problems.add(
              new ConfigProblem(
                  "keyring.kms.credentials-profile",
                  "is set together with access-key-env.",
                  "choose one source of credentials: the profile or the environment variables."));
        }
      }
      default ->
          problems.add(
              new ConfigProblem(
                  "keyring.provider",
                  "is '" + keyring.provider() + "'.",
                  "use keystore (a PKCS12 file) or aws-kms (an AWS KMS key)."));
    }
    var recovery = keyring.recovery();
    if (recovery.privateKey() != null) {
      boolean fromEnv = !recovery.passwordEnv().isBlank();
      boolean fromFile = recovery.passwordFile() != null;
      if (fromEnv == fromFile) {
        problems.add(
            new ConfigProblem(
                "keyring.recovery.private-key",
                fromEnv
                    ? "has both password-env and password-file."
                    : "is set without a passphrase source.",
                "set exactly one of keyring.recovery.password-env and"
                    + " keyring.recovery.password-file (the passphrase chosen at `gatevault keys"
                    + " recovery-init`)."));
      }
      if (fromEnv && !ENV_NAME.matcher(recovery.passwordEnv()).matches()) {
        problems.add(
            new ConfigProblem(
                "keyring.recovery.password-env",
                "is '" + recovery.passwordEnv() + "', not an environment variable name.",
                "name the variable that holds the recovery passphrase."));
      }
    } else if (!recovery.passwordEnv().isBlank() || recovery.passwordFile() != null) {
      problems.add(
          new ConfigProblem(
              "keyring.recovery.password-env",
              "is set without keyring.recovery.private-key.",
              "the passphrase opens the private key: set private-key too (disaster recovery"
                  + " only), or remove the passphrase setting."));
    }
    if (!recovery.keyName().matches("[A-Za-z0-9._-]+")) {
      problems.add(
          new ConfigProblem(
              "keyring.recovery.key-name",
              "is '" + recovery.keyName() + "'.",
              "use letters, digits, '.', '_' and '-' only, e.g. gatevault-recovery."));
    }
    for (int i = 0; i < config.targets().size(); i++) {
      var target = config.targets().get(i);
      if (target.path() == null) {
        continue;
      }
      for (java.nio.file.Path key :
          new java.nio.file.Path[] {recovery.privateKey(), recovery.passwordFile()}) {
        if (key != null && key.startsWith(target.path())) {
          problems.add(
              new ConfigProblem(
                  "keyring.recovery.private-key",
                  "is inside storage.targets[" + i + "] (" + target.path() + ").",
                  "keep the recovery private key and its passphrase offline, apart from every"
                      + " target."));
        }
      }
    }
  }

  /**
   * Data residency: every target receives every backup, so each target's region must be allowed for
   * the environment of every configured gateway that has a residency rule.
   */
  private static void residency(GatevaultConfig config, List<ConfigProblem> problems) {
    Set<String> environments = new java.util.TreeSet<>();
    config.gateways().forEach(g -> environments.add(g.environment()));
    for (String environment : environments) {
      List<String> allowed = config.residency().get(environment);
      if (allowed == null) {
        continue;
      }
      for (int i = 0; i < config.targets().size(); i++) {
        var target = config.targets().get(i);
        if (!allowed.contains(target.region())) {
          problems.add(
              new ConfigProblem(
                  "storage.targets[" + i + "].region",
                  "target '"
                      + target.id()
                      + "' is in region '"
                      + target.region()
                      + "', outside the regions residency."
                      + environment
                      + " allows for environment "
                      + environment
                      + " "
                      + allowed
                      + ".",
                  "move the target into an allowed region, or (if the rule is wrong) change"
                      + " residency."
                      + environment
                      + "."));
        }
      }
    }
  }

  private static void changes(GatevaultConfig config, List<ConfigProblem> problems) {
    var changes = config.changes();
    if (changes.segmentEvents() < 1) {
      problems.add(
          new ConfigProblem(
              "changes.segment-events",
              "is " + changes.segmentEvents() + ".",
              "use at least 1 (changes per sealed segment), e.g. 1000."));
    }
    if (changes.checkpointEvery() < 0) {
      problems.add(
          new ConfigProblem(
              "changes.checkpoint-every",
              "is " + changes.checkpointEvery() + ".",
              "use at least 1 (changes between checkpoints), e.g. 100000, or off."));
    }
    if (!(changes.segmentSeconds() > 0)) {
      problems.add(
          new ConfigProblem(
              "changes.segment-seconds",
              "is " + changes.segmentSeconds() + ".",
              "use a number of seconds above 0 (the longest a change waits unsealed), e.g. 1."));
    }
  }

  private static void retention(GatevaultConfig config, List<ConfigProblem> problems) {
    var r = config.retention();
    if (r.daily() < 0 || r.weekly() < 0 || r.monthly() < 0) {
      problems.add(
          new ConfigProblem(
              "retention", "has a negative count.", "use 0 or more for daily, weekly, monthly."));
    } else if (r.daily() + r.weekly() + r.monthly() == 0) {
      problems.add(
          new ConfigProblem(
              "retention",
              "keeps nothing (daily, weekly and monthly are all 0).",
              "keep at least one class, e.g. daily: 30, weekly: 12, monthly: 12."));
    }
  }

  private static void ports(GatevaultConfig config, List<ConfigProblem> problems) {
    Map<Integer, String> used = new HashMap<>();
    claim(used, config.controlPlane().port(), "control-plane.port", problems);
    if (config.registry().mode().equals("embedded")) {
      claim(used, config.registry().port(), "registry.port", problems);
    }
    if (config.kafka().mode().equals("embedded")) {
      claim(used, config.kafka().port(), "kafka.port", problems);
    }
  }

  private static void claim(
      Map<Integer, String> used, int port, String setting, List<ConfigProblem> problems) {
    if (port == 0) {
      return;
    }
    String other = used.putIfAbsent(port, setting);
    if (other != null) {
      problems.add(
          new ConfigProblem(
              setting,
              "uses port " + port + ", as does " + other + ".",
              "give each its own port."));
    }
  }

  private static void tag(String setting, String value, String example, List<ConfigProblem> out) {
    if (!TAG_VALUE.matcher(value).matches()) {
      out.add(
          new ConfigProblem(
              setting,
              value.isBlank() ? "is missing." : "is '" + value + "'.",
              "every backup is tagged with it: use letters, digits, '.', '_' or '-', e.g. '"
                  + example
                  + "'."));
    }
  }

  private static void port(String setting, int port, boolean zeroAllowed, List<ConfigProblem> out) {
    if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
      out.add(
          new ConfigProblem(
              setting,
              "is " + port + ".",
              zeroAllowed
                  ? "use a port from 1 to 65535, or 0 to pick a free one."
                  : "use a port from 1 to 65535."));
    }
  }

  private static boolean isHttpUrl(String value) {
    try {
      URI uri = new URI(value);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
