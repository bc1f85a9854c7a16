package io.gatevault.core.event;

import static io.gatevault.core.event.DomainEvents.AT;
import static io.gatevault.core.event.DomainEvents.SHA;
import static io.gatevault.core.event.DomainEvents.change;
import static io.gatevault.core.event.DomainEvents.chunk;
import static io.gatevault.core.event.DomainEvents.envelope;
import static io.gatevault.core.event.DomainEvents.utf8;
import static io.gatevault.core.event.DomainEvents.verification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DomainEventValidationTest {

  @Test
  void aMissingRequiredFieldIsNamedInTheMessage() {
    assertThatThrownBy(
            () -> new EventEnvelope("evt-1", 1, "ConfigChange", null, null, null, AT, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("EventEnvelope.producer is required but was null");
  }

  @Test
  void aBlankIdIsRejected() {
    assertThatThrownBy(() -> new ChangeSource(" ", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ChangeSource.feed must not be blank");
  }

  @Test
  void schemaVersionStartsAtOne() {
    assertThatThrownBy(() -> new EventEnvelope("e", 0, "T", "p", null, null, AT, null))
        .hasMessage("EventEnvelope.schemaVersion must be >= 1, but was 0");
  }

  @Test
  void aDeleteCarriesNoAfterImage() {
    assertThat(change(ChangeOperation.DELETE, "{}", null).after()).isNull();
    assertThatThrownBy(() -> change(ChangeOperation.DELETE, "{}", "{}"))
        .hasMessageContaining("ConfigChange.after must be null for a DELETE");
  }

  @Test
  void everyOtherOperationNeedsTheAfterImageForReplay() {
    assertThatThrownBy(() -> change(ChangeOperation.UPDATE, "{}", null))
        .hasMessageContaining("ConfigChange.after is required for a UPDATE");
  }

  @Test
  void aCreateHasNoBeforeImage() {
    assertThatThrownBy(() -> change(ChangeOperation.CREATE, "{}", "{}"))
        .hasMessageContaining("ConfigChange.before must be null for a CREATE");
  }

  @Test
  void theEnvelopeGatewayMustMatchTheEventGateway() {
    EventEnvelope other = new EventEnvelope("e", 1, "T", "p", null, null, AT, "kong-test");
    assertThatThrownBy(
            () ->
                new ConfigChange(
                    other,
                    "kong-prod",
                    1,
                    ChangeOperation.CREATE,
                    "route",
                    "r",
                    null,
                    null,
                    "{}",
                    new ChangeSource("f", null, null),
                    AT,
                    AT))
        .hasMessageContaining("envelope.gatewayId 'kong-test' differs");
  }

  @Test
  void aChunkIndexMustBeBelowTheChunkCount() {
    assertThatThrownBy(() -> chunk(2, 2, utf8("x")))
        .hasMessage("SnapshotChunk.chunkIndex must be in [0, 2) for chunkCount 2, but was 2");
  }

  @Test
  void aChunkLargerThan900KibIsRejectedWithTheFix() {
    assertThatThrownBy(() -> chunk(0, 1, new byte[BinaryContent.MAX_CHUNK_BYTES + 1]))
        .hasMessageContaining("split the content into more chunks");
  }

  @Test
  void aChecksumMustBeLowerCaseHexSha256() {
    assertThatThrownBy(
            () ->
                new ReplicaWritten(
                    envelope("ReplicaWritten"),
                    "a",
                    "t",
                    StorageMedium.FILESYSTEM,
                    "eu",
                    false,
                    false,
                    "file:///x",
                    SHA.toUpperCase(),
                    1,
                    AT))
        .hasMessageContaining("ReplicaWritten.sha256 must be 64 lower-case hex characters");
  }

  @Test
  void aChunkBuiltWithTheFirstReleaseFieldsIsUnnumberedAndUnnamed() {
    SnapshotChunk chunk = DomainEvents.chunk(0, 1, utf8("{}"));

    assertThat(chunk.name()).isNull();
    assertThat(chunk.version()).isEqualTo(SnapshotChunk.UNNUMBERED);
    assertThat(chunk.versionLabel()).isEqualTo("unnumbered");
    assertThat(chunk.description()).isNull();
    assertThat(chunk.environment()).isNull();
  }

  @Test
  void aNumberedChunkShowsItsVersionAsVn() {
    assertThat(namedChunk("kong-prod-20250818-1430-full.json", 3, "prod").versionLabel())
        .isEqualTo("v3");
  }

  @Test
  void aChunkNameWithAPathSeparatorIsRejected() {
    assertThatThrownBy(() -> namedChunk("../kong-prod-20250818-1430-full.json", 1, "prod"))
        .hasMessageContaining("SnapshotChunk.name must be a file name without path separators");
  }

  @Test
  void aNegativeVersionOrBlankEnvironmentIsRejectedByName() {
    assertThatThrownBy(() -> namedChunk("a.json", -1, "prod"))
        .hasMessage("SnapshotChunk.version must be >= 0, but was -1");
    assertThatThrownBy(() -> namedChunk("a.json", 1, " "))
        .hasMessage("SnapshotChunk.environment must be null or non-blank, but was blank");
  }

  private static SnapshotChunk namedChunk(String name, int version, String environment) {
    return new SnapshotChunk(
        envelope("SnapshotChunk"),
        "s",
        "kong-prod",
        BackupType.FULL,
        0,
        1,
        BinaryContent.copyOf(utf8("x")),
        1,
        SHA,
        0,
        Map.of(),
        AT,
        name,
        version,
        null,
        environment);
  }

  @Test
  void tagsAreCopiedSoLaterChangesToTheCallersMapDoNotLeakIn() {
    Map<String, String> tags = new HashMap<>(Map.of("Owner", "platform"));
    SnapshotChunk chunk =
        new SnapshotChunk(
            envelope("SnapshotChunk"),
            "s",
            "kong-prod",
            BackupType.FULL,
            0,
            1,
            BinaryContent.copyOf(utf8("x")),
            1,
            SHA,
            0,
            tags,
            AT);
    tags.put("Owner", "someone-else");
    assertThat(chunk.tags()).containsEntry("Owner", "platform");
  }

  @Test
  void aNullTagValueIsNamed() {
    Map<String, String> tags = new HashMap<>();
    tags.put("Owner", null);
    assertThatThrownBy(
            () ->
                new AuditRecord(
                    envelope("AuditRecord"), "a", "b", "c", AuditOutcome.SUCCESS, tags, AT))
        .hasMessageContaining("AuditRecord.detail must not contain null keys or values");
  }

  @Test
  void aPartlyFailedVerificationCannotBeReportedAsSuccess() {
    List<VerificationCheck> checks =
        List.of(
            new VerificationCheck("checksum", "fs", true, "ok"),
            new VerificationCheck("checksum", "s3", false, "mismatch"));
    assertThat(VerificationStatus.of(checks)).isEqualTo(VerificationStatus.PARTIAL);
    assertThatThrownBy(() -> verification(VerificationStatus.SUCCESS, checks))
        .hasMessageContaining("status is SUCCESS but the checks add up to PARTIAL");
  }

  @Test
  void aStartedVerificationNeedsNoChecksButAFinishedOneDoes() {
    assertThat(verification(VerificationStatus.STARTED, List.of()).checks()).isEmpty();
    assertThatThrownBy(() -> verification(VerificationStatus.FAILED, List.of()))
        .hasMessageContaining("checks must not be empty when status is FAILED");
  }

  @Test
  void checksAreCopiedIntoAnImmutableList() {
    List<VerificationCheck> checks = new ArrayList<>();
    checks.add(new VerificationCheck("checksum", null, true, "ok"));
    VerificationResult result = verification(VerificationStatus.SUCCESS, checks);
    checks.add(new VerificationCheck("decrypt", null, false, "bad tag"));
    assertThat(result.checks()).hasSize(1);
  }

  @Test
  void aRestoreTargetsOneTimeOrOneSequenceNotBoth() {
    assertThatThrownBy(
            () ->
                new RestoreRequested(
                    envelope("Command"), "c", "kong-prod", "alice", AT, null, AT, 5L, null, true))
        .hasMessageContaining("atTime and RestoreRequested.atSequence are exclusive");
  }

  @Test
  void aRestoreWithoutTargetGatewayRestoresIntoTheSourceGateway() {
    RestoreRequested restore =
        new RestoreRequested(
            envelope("Command"), "c", "kong-prod", "alice", AT, null, null, 5L, null, false);
    assertThat(restore.effectiveTargetGatewayId()).isEqualTo("kong-prod");
  }

  @Test
  void aRestoreWithoutSelectionRestoresEverythingAndABlankNameGlobIsRefusedByPosition() {
    RestoreRequested everything =
        new RestoreRequested(
            envelope("Command"), "c", "kong-prod", "alice", AT, null, AT, null, null, false);
    assertThat(everything.isSelective()).isFalse();
    assertThat(everything.onlyNames()).isEmpty();
    assertThatThrownBy(
            () ->
                new RestoreRequested(
                    envelope("Command"),
                    "c",
                    "kong-prod",
                    "alice",
                    AT,
                    null,
                    AT,
                    null,
                    null,
                    false,
                    null,
                    List.of(),
                    List.of("route-a", " ")))
        .hasMessageContaining("RestoreRequested.onlyNames[1] is blank");
  }

  @Test
  void commandsNameTheirOwnTypeInMessages() {
    assertThatThrownBy(
            () -> new PruneRequested(envelope("Command"), "c", "kong-prod", "", AT, true, null))
        .hasMessage("PruneRequested.requestedBy must not be blank");
  }

  @Test
  void binaryContentComparesByContentAndHandsOutCopies() {
    byte[] bytes = utf8("secret");
    BinaryContent content = BinaryContent.copyOf(bytes);
    bytes[0] = 'X';
    content.toByteArray()[1] = 'X';
    assertThat(content).isEqualTo(BinaryContent.copyOf(utf8("secret")));
    assertThat(content.toString()).isEqualTo("BinaryContent[6 bytes]").doesNotContain("secret");
  }

  @Test
  void aManifestMadeWithTheFirstReleaseSignatureHasNoWrappedDataKey() {
    assertThat(manifest(null).wrappedDataKey()).isNull();
    assertThat(manifest(BinaryContent.copyOf(new byte[] {1, 2})).wrappedDataKey().size())
        .isEqualTo(2);
  }

  @Test
  void anEmptyWrappedDataKeyIsRejected() {
    assertThatThrownBy(() -> manifest(BinaryContent.copyOf(new byte[0])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ArtifactManifest.wrappedDataKey must be null or non-empty, but was empty");
  }

  private static ArtifactManifest manifest(BinaryContent wrappedDataKey) {
    KeyReference key = new KeyReference("local-keystore", "kek", 1, "keys/a.1.key");
    if (wrappedDataKey == null) {
      return new ArtifactManifest(
          envelope("ArtifactManifest"),
          "a",
          "kong-prod",
          "prod",
          "gw.json.gvx",
          ArtifactKind.SNAPSHOT,
          1,
          "AES256_GCM_HKDF_SEGMENTED/GVX1",
          key,
          1,
          65,
          SHA,
          0,
          "daily",
          Map.of(),
          null,
          AT);
    }
    return new ArtifactManifest(
        envelope("ArtifactManifest"),
        "a",
        "kong-prod",
        "prod",
        "gw.json.gvx",
        ArtifactKind.SNAPSHOT,
        1,
        "AES256_GCM_HKDF_SEGMENTED/GVX1",
        key,
        1,
        65,
        SHA,
        0,
        "daily",
        Map.of(),
        null,
        AT,
        wrappedDataKey);
  }
}
