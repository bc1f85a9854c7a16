package io.gatevault.allinone.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The settings of {@code gatevault.yml}, the one file that configures the embedded default and the
 * CLI. Every field is documented in docs/configuration.md; {@link ConfigValidator} checks them.
 *
 * @param dataDir where the embedded broker and local state live (relative to the config file)
 * @param kafka which Kafka to use
 * @param registry which schema registry to use
 * @param controlPlane where the control-plane HTTP API listens
 * @param services which services to run in this JVM
 * @param gateways the gateways capture backs up and restore writes to
 * @param keyring where the key-encryption key lives (never inside a storage target)
 * @param targets where replicate writes every sealed backup (the 3-2-1 rule applies)
 * @param retention how long backups are kept
 * @param residency per environment, the regions its backups may be stored in (empty: any)
 * @param tls the {@code tls:} section and the connections' own {@code tls:} blocks
 */
public record GatevaultConfig(
    Path dataDir,
    KafkaSettings kafka,
    RegistrySettings registry,
    ControlPlaneSettings controlPlane,
    List<String> services,
    List<GatewaySettings> gateways,
    KeyringSettings keyring,
    List<TargetSettings> targets,
    RetentionSettings retention,
    Map<String, List<String>> residency,
    TlsConfig tls,
    ChangesSettings changes) {

  /** A configuration without a {@code changes:} section: default change-log segments. */
  public GatevaultConfig(
      Path dataDir,
      KafkaSettings kafka,
      RegistrySettings registry,
      ControlPlaneSettings controlPlane,
      List<String> services,
      List<GatewaySettings> gateways,
      KeyringSettings keyring,
      List<TargetSettings> targets,
      RetentionSettings retention,
      Map<String, List<String>> residency,
      TlsConfig tls) {
    this(
        dataDir,
        kafka,
        registry,
        controlPlane,
        services,
        gateways,
        keyring,
        targets,
        retention,
        residency,
        tls,
        ChangesSettings.DEFAULTS);
  }

  /**
   * The {@code changes:} section: a gateway's open change-log segment is sealed (encrypted,
   * replicated, verified) when it holds {@code segmentEvents} changes or its first change has
   * waited {@code segmentSeconds}, whichever comes first.
   *
   * @param segmentEvents changes per segment at most (at least 1)
   * @param segmentSeconds seconds a change waits in an open segment at most (above 0)
   * @param checkpointEvery a checkpoint of the gateway's configuration every this many changes, so
   *     point-in-time replay starts at most this far before its target; {@link #CHECKPOINTS_OFF}
   *     ({@code off} in gatevault.yml) writes none
   * @param heartbeatSeconds least seconds between two capture heartbeats of a gateway whose
   *     sequence did not move (a new sequence is recorded at once); how stale "the log is known
   *     complete until" may be for a point-in-time restore (0 writes one after every poll)
   */
  public record ChangesSettings(
      int segmentEvents, double segmentSeconds, long checkpointEvery, double heartbeatSeconds) {
    /** {@code checkpoint-every: off}. */
    public static final long CHECKPOINTS_OFF = 0;

    /** Changes between checkpoints when gatevault.yml names none. */
    public static final long DEFAULT_CHECKPOINT_EVERY = 100_000;

    /** Seconds between two heartbeats of an unchanged gateway when gatevault.yml names none. */
    public static final double DEFAULT_HEARTBEAT_SECONDS = 5;

    /**
     * 1000 changes or 0.25 seconds (p50 under 500 ms from change to verified segment at 1,000
     * changes/s, docs/benchmarks.md); a checkpoint every 100,000 changes.
     */
    public static final ChangesSettings DEFAULTS = new ChangesSettings(1000, 0.25);

    /** Segments as given, checkpoints every {@value #DEFAULT_CHECKPOINT_EVERY} changes. */
    public ChangesSettings(int segmentEvents, double segmentSeconds) {
      this(segmentEvents, segmentSeconds, DEFAULT_CHECKPOINT_EVERY);
    }

    /** Segments and checkpoints as given, heartbeats at most every 5 seconds. */
    public ChangesSettings(int segmentEvents, double segmentSeconds, long checkpointEvery) {
      this(segmentEvents, segmentSeconds, checkpointEvery, DEFAULT_HEARTBEAT_SECONDS);
    }
  }

  /** A configuration without any {@code tls:} setting. */
  public GatevaultConfig(
      Path dataDir,
      KafkaSettings kafka,
      RegistrySettings registry,
      ControlPlaneSettings controlPlane,
      List<String> services,
      List<GatewaySettings> gateways,
      KeyringSettings keyring,
      List<TargetSettings> targets,
      RetentionSettings retention,
      Map<String, List<String>> residency) {
    this(
        dataDir,
        kafka,
        registry,
        controlPlane,
        services,
        gateways,
        keyring,
        targets,
        retention,
        residency,
        TlsConfig.NONE);
  }

  /** The services of the pipeline, in start order. */
  public static final List<String> ALL_SERVICES =
      List.of("capture", "encrypt", "replicate", "verify", "prune", "restore", "control-plane");

  /**
   * @param mode {@code embedded} (an in-process broker) or {@code external}
   * @param bootstrapServers comma-separated host:port list; required when external
   * @param port the embedded broker's port on 127.0.0.1; 0 picks one and remembers it
   */
  public record KafkaSettings(String mode, String bootstrapServers, int port) {}

  /**
   * @param mode {@code embedded} (served from this JVM, schemas kept in a compacted topic) or
   *     {@code external} (a Confluent-compatible registry)
   * @param url the registry's base URL; required when external
   * @param port the embedded registry's port on 127.0.0.1
   */
  public record RegistrySettings(String mode, String url, int port) {}

  /**
   * @param host the address the HTTP API binds to (loopback unless {@code allowRemote})
   * @param port the HTTP port
   * @param allowRemote whether binding to a non-loopback address is intended
   */
  public record ControlPlaneSettings(String host, int port, boolean allowRemote) {}

  /**
   * @param id the gateway's id, used in topic keys and backup names ({@code caddy-prod})
   * @param type the adapter: {@code http-json}
   * @param adminUrl the admin API URL the adapter reads the configuration from
   * @param environment tag Environment, e.g. {@code prod}
   * @param application tag Application
   * @param owner tag Owner
   * @param schedule Spring cron expression for scheduled backups, or empty for none
   * @param offPeakWindow {@code HH:mm-HH:mm} in which scheduled backups run, or empty
   * @param timeZone zone of the schedule and window
   * @param secrets {@code keep} (secret values stay in the sealed backup) or {@code redact}
   *     (capture replaces them by named placeholders; a restore needs them supplied again)
   * @param pollInterval how often the change feed checks the gateway for changes ({@code 5s} by
   *     default; {@code off} or {@code 0} turns polling off)
   */
  public record GatewaySettings(
      String id,
      String type,
      String adminUrl,
      String environment,
      String application,
      String owner,
      String schedule,
      String offPeakWindow,
      String timeZone,
      String secrets,
      String pollInterval) {

    /** A gateway without a poll interval setting: the change feed's default interval. */
    public GatewaySettings(
        String id,
        String type,
        String adminUrl,
        String environment,
        String application,
        String owner,
        String schedule,
        String offPeakWindow,
        String timeZone,
        String secrets) {
      this(
          id,
          type,
          adminUrl,
          environment,
          application,
          owner,
          schedule,
          offPeakWindow,
          timeZone,
          secrets,
          DEFAULT_POLL_INTERVAL);
    }

    /** How often the change feed checks a gateway when its settings say nothing. */
    public static final String DEFAULT_POLL_INTERVAL = "5s";

    /**
     * {@code pollInterval} as a duration: {@code off} or {@code 0} is zero (feed off); otherwise a
     * number with unit ms, s, m or h, e.g. {@code 500ms}, {@code 5s}.
     *
     * @throws IllegalArgumentException naming the expected forms, for anything else
     */
    public java.time.Duration pollIntervalDuration() {
      String text = pollInterval == null ? "" : pollInterval.trim();
      if (text.equals("off") || text.equals("0")) {
        return java.time.Duration.ZERO;
      }
      java.util.regex.Matcher form =
          java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m|h)").matcher(text);
      if (!form.matches()) {
        throw new IllegalArgumentException(
            "poll-interval is '"
                + pollInterval
                + "': write a number with unit ms, s, m or h (e.g. 5s, 500ms), or off");
      }
      long amount = Long.parseLong(form.group(1));
      return switch (form.group(2)) {
        case "ms" -> java.time.Duration.ofMillis(amount);
        case "s" -> java.time.Duration.ofSeconds(amount);
        case "m" -> java.time.Duration.ofMinutes(amount);
        default -> java.time.Duration.ofHours(amount);
      };
    }
  }

  /**
   * @param keystore PKCS12 keystore holding the AES-256 key-encryption key
   * @param passwordFile file holding the keystore passphrase (used when passwordEnv is unset)
   * @param passwordEnv name of an environment variable holding the passphrase, or empty
   * @param keyAlias alias of the key in the keystore
   * @param createIfMissing create keystore and passphrase file on first start (embedded default)
   * @param keyVersion generation of the key under keyAlias; raised by each key rotation
   * @param provider {@code keystore} (the PKCS12 file above) or {@code aws-kms} ({@code kms})
   * @param kms the AWS KMS key, used when the provider is {@code aws-kms}
   * @param recovery the public-key recovery key (every data key is also wrapped under it)
   */
  public record KeyringSettings(
      Path keystore,
      Path passwordFile,
      String passwordEnv,
      String keyAlias,
      boolean createIfMissing,
      int keyVersion,
      String provider,
      KmsSettings kms,
      RecoverySettings recovery) {

    /** A keystore keyring without a recovery key. */
    public KeyringSettings(
        Path keystore,
        Path passwordFile,
        String passwordEnv,
        String keyAlias,
        boolean createIfMissing,
        int keyVersion) {
      this(
          keystore,
          passwordFile,
          passwordEnv,
          keyAlias,
          createIfMissing,
          keyVersion,
          "keystore",
          KmsSettings.NONE,
          RecoverySettings.NONE);
    }

    /** Whether the key-encryption key is in the local PKCS12 keystore. */
    public boolean usesKeystore() {
      return "keystore".equals(provider);
    }
  }

  /**
   * {@code keyring.kms}: the AWS KMS key (empty strings for unset values).
   *
   * @param keyArn the key's ARN ({@code key-arn})
   * @param additionalKeyArns further keys every data key is also wrapped under, e.g. the replicas
   *     of a multi-Region key ({@code additional-key-arns})
   * @param region the KMS Region; empty: the key ARN's
   * @param endpoint an endpoint override (VPC endpoint, test KMS), or empty
   * @param credentialsProfile a profile of the shared AWS config files, or empty
   * @param accessKeyEnv name of the environment variable holding an access key id, or empty
   * @param secretKeyEnv name of the environment variable holding the secret key, or empty
   */
  public record KmsSettings(
      String keyArn,
      List<String> additionalKeyArns,
      String region,
      String endpoint,
      String credentialsProfile,
      String accessKeyEnv,
      String secretKeyEnv) {

    public static final KmsSettings NONE = new KmsSettings("", List.of(), "", "", "", "", "");

    public boolean configured() {
      return !this.equals(NONE);
    }
  }

  /**
   * {@code keyring.recovery}: the public-key recovery key (null paths and empty strings unset).
   *
   * @param publicKey PEM file of the RSA public key; encrypt wraps every data key under it too
   * @param privateKey encrypted PKCS#8 file of the private key, only for disaster recovery
   * @param passwordEnv environment variable holding the private key's passphrase, or empty
   * @param passwordFile file holding it, or null
   * @param keyName the name recorded in key objects ({@code gatevault-recovery})
   */
  public record RecoverySettings(
      Path publicKey, Path privateKey, String passwordEnv, Path passwordFile, String keyName) {

    public static final RecoverySettings NONE =
        new RecoverySettings(null, null, "", null, "gatevault-recovery");

    public boolean configured() {
      return publicKey != null || privateKey != null;
    }
  }

  /**
   * @param id the target's id, shown in the catalog
   * @param type {@code filesystem}
   * @param path the target's root folder
   * @param medium FILESYSTEM, OBJECT_STORE or REMOVABLE_MEDIA (3-2-1 needs two different ones)
   * @param region where the copy lives (data residency)
   * @param offSite whether the copy is at another site
   * @param offline whether the copy is offline (not writable from the network after writing)
   * @param s3 for {@code type: s3}: bucket, prefix, region, endpoint, path-style, storage-class,
   *     sse-kms-key-id, object-lock-mode, object-lock-days, credentials-profile, access-key-env,
   *     secret-key-env (empty for folders)
   */
  public record TargetSettings(
      String id,
      String type,
      Path path,
      String medium,
      String region,
      boolean offSite,
      boolean offline,
      Map<String, String> s3) {}

  /** How many daily, weekly and monthly backups are kept, from the newest verified backup. */
  public record RetentionSettings(int daily, int weekly, int monthly) {}
}
