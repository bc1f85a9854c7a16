package io.gatevault.capture.application;

import io.gatevault.core.event.BackupType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Names snapshot documents {@code <gatewayId>-<yyyyMMdd>-<HHmm>-<full|incremental>.json}, the time
 * in UTC, e.g. {@code caddy-prod-20250818-1430-full.json}. The sealed artifact and its replicas are
 * named after it, so operators recognise a backup by gateway, time and type at a glance.
 *
 * <p>The time is the instant the backup was requested (for a scheduled backup, its scheduled
 * instant), not the instant the gateway was read, so a redelivered command names its snapshot as
 * the first delivery did. Two backups of one gateway and type in the same minute would get the same
 * name; {@link GatewayVersionState} then tells them apart with the version ({@code
 * caddy-prod-20250818-1430-full-v8.json}).
 */
public final class SnapshotNaming {

  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private SnapshotNaming() {}

  /** The file name of a snapshot of {@code gatewayId} of {@code type} requested at {@code at}. */
  public static String nameOf(String gatewayId, Instant at, BackupType type) {
    return gatewayId
        + "-"
        + MINUTE.format(at)
        + "-"
        + type.name().toLowerCase(Locale.ROOT)
        + ".json";
  }

  /** {@code name} with {@code -v<version>} before its extension, to tell apart equal names. */
  public static String withVersion(String name, int version) {
    int dot = name.lastIndexOf('.');
    return dot < 0
        ? name + "-v" + version
        : name.substring(0, dot) + "-v" + version + name.substring(dot);
  }
}
