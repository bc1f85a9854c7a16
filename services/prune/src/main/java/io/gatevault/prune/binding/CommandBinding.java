package io.gatevault.prune.binding;

import io.gatevault.core.event.Command;
import io.gatevault.messaging.mapping.EventMappers;
import io.gatevault.prune.application.RetentionPruner;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Binds {@code gatevault.commands} to the {@link RetentionPruner}: map, then delegate. */
@Configuration(proxyBeanMethods = false)
public class CommandBinding {

  @Bean
  Consumer<io.gatevault.schemas.avro.Command> pruneCommands(
      EventMappers mappers, RetentionPruner retentionPruner) {
    return command -> retentionPruner.onCommand((Command) mappers.toDomain(command));
  }
}
