package io.gatevault.capture.binding;

import io.gatevault.capture.application.SnapshotCapturer;
import io.gatevault.core.event.Command;
import io.gatevault.messaging.mapping.EventMappers;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Binds {@code gatevault.commands} to the {@link SnapshotCapturer}: map, then delegate. */
@Configuration(proxyBeanMethods = false)
public class CommandBinding {

  @Bean
  Consumer<io.gatevault.schemas.avro.Command> captureCommands(
      EventMappers mappers, SnapshotCapturer capturer) {
    return command -> capturer.onCommand((Command) mappers.toDomain(command));
  }
}
