package io.gatevault.restore.binding;

import io.gatevault.core.event.Command;
import io.gatevault.messaging.mapping.EventMappers;
import io.gatevault.restore.application.RestoreCoordinator;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Binds {@code gatevault.commands} to the {@link RestoreCoordinator}: map, then delegate. */
@Configuration(proxyBeanMethods = false)
public class CommandBinding {

  @Bean
  Consumer<io.gatevault.schemas.avro.Command> restoreCommands(
      EventMappers mappers, RestoreCoordinator restoreCoordinator) {
    return command -> restoreCoordinator.onCommand((Command) mappers.toDomain(command));
  }
}
