package io.gatevault.messaging.mapping;

import io.gatevault.core.event.BackupType;
import io.gatevault.core.event.Command;
import io.gatevault.core.event.EventEnvelope;
import io.gatevault.core.event.PruneRequested;
import io.gatevault.core.event.RestoreRequested;
import io.gatevault.core.event.SnapshotRequested;
import io.gatevault.core.event.VerifyRequested;
import java.time.Instant;

/**
 * {@link Command}s on topic gatevault.commands. The domain has one record per command; Avro has one
 * {@code Command} record whose {@code payload} union holds what differs.
 */
public final class CommandMapper
    implements EventMapper<Command, io.gatevault.schemas.avro.Command> {

  @Override
  public Class<Command> domainType() {
    return Command.class;
  }

  @Override
  public Class<io.gatevault.schemas.avro.Command> avroType() {
    return io.gatevault.schemas.avro.Command.class;
  }

  @Override
  public io.gatevault.schemas.avro.Command toAvro(Command command) {
    return io.gatevault.schemas.avro.Command.newBuilder()
        .setEnvelope(EventEnvelopeMapper.toAvro(command.envelope()))
        .setCommandId(command.commandId())
        .setGatewayId(command.gatewayId())
        .setRequestedBy(command.requestedBy())
        .setRequestedAt(command.requestedAt())
        .setPayload(payloadOf(command))
        .build();
  }

  private static Object payloadOf(Command command) {
    if (command instanceof SnapshotRequested snapshot) {
      return io.gatevault.schemas.avro.SnapshotRequested.newBuilder()
          .setBackupType(
              AvroFields.avroSymbol(
                  snapshot.backupType(), io.gatevault.schemas.avro.BackupType.class))
          .setDescription(snapshot.description())
          .setTags(snapshot.tags())
          .build();
    }
    if (command instanceof RestoreRequested restore) {
      return io.gatevault.schemas.avro.RestoreRequested.newBuilder()
          .setBackupId(restore.backupId())
          .setAtTime(restore.atTime())
          .setAtSequence(restore.atSequence())
          .setTargetGatewayId(restore.targetGatewayId())
          .setDryRun(restore.dryRun())
          .setOnlyTypes(restore.onlyTypes())
          .setOnlyTags(restore.onlyTags())
          .setOnlyNames(restore.onlyNames())
          .build();
    }
    if (command instanceof PruneRequested prune) {
      return io.gatevault.schemas.avro.PruneRequested.newBuilder()
          .setDryRun(prune.dryRun())
          .setPolicyName(prune.policyName())
          .build();
    }
    VerifyRequested verify =
        (VerifyRequested) command; // Command is sealed: the last permitted type
    return io.gatevault.schemas.avro.VerifyRequested.newBuilder()
        .setArtifactId(verify.artifactId())
        .setReason(verify.reason())
        .build();
  }

  @Override
  public Command toDomain(io.gatevault.schemas.avro.Command avro) {
    EventEnvelope envelope = EventEnvelopeMapper.toDomain(avro.getEnvelope(), "Command.envelope");
    String commandId = AvroFields.required(avro.getCommandId(), "Command.commandId");
    String gatewayId = AvroFields.required(avro.getGatewayId(), "Command.gatewayId");
    String requestedBy = AvroFields.required(avro.getRequestedBy(), "Command.requestedBy");
    Instant requestedAt = AvroFields.required(avro.getRequestedAt(), "Command.requestedAt");
    Object payload = AvroFields.required(avro.getPayload(), "Command.payload");
    if (payload instanceof io.gatevault.schemas.avro.SnapshotRequested snapshot) {
      return new SnapshotRequested(
          envelope,
          commandId,
          gatewayId,
          requestedBy,
          requestedAt,
          AvroFields.sameSymbol(
              snapshot.getBackupType(), BackupType.class, "Command.payload.backupType"),
          snapshot.getDescription(),
          AvroFields.required(snapshot.getTags(), "Command.payload.tags"));
    }
    if (payload instanceof io.gatevault.schemas.avro.RestoreRequested restore) {
      return new RestoreRequested(
          envelope,
          commandId,
          gatewayId,
          requestedBy,
          requestedAt,
          restore.getBackupId(),
          restore.getAtTime(),
          restore.getAtSequence(),
          restore.getTargetGatewayId(),
          restore.getDryRun(),
          AvroFields.required(restore.getOnlyTypes(), "Command.payload.onlyTypes"),
          AvroFields.required(restore.getOnlyTags(), "Command.payload.onlyTags"),
          AvroFields.required(restore.getOnlyNames(), "Command.payload.onlyNames"));
    }
    if (payload instanceof io.gatevault.schemas.avro.PruneRequested prune) {
      return new PruneRequested(
          envelope,
          commandId,
          gatewayId,
          requestedBy,
          requestedAt,
          prune.getDryRun(),
          prune.getPolicyName());
    }
    if (payload instanceof io.gatevault.schemas.avro.VerifyRequested verify) {
      return new VerifyRequested(
          envelope,
          commandId,
          gatewayId,
          requestedBy,
          requestedAt,
          verify.getArtifactId(),
          AvroFields.required(verify.getReason(), "Command.payload.reason"));
    }
    throw new IllegalArgumentException(
        "Avro field Command.payload holds a "
            + payload.getClass().getName()
            + ", which is not a command this build knows: add it to Command.avsc and the domain");
  }
}
