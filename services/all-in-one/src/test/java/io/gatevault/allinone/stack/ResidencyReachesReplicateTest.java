package io.gatevault.allinone.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatevault.replicate.adapter.ReplicateProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * gatevault.yml's {@code residency} reaches the replicate service, which checks it for every
 * artifact it writes: the properties the embedded stack passes bind, with Spring's own binder, to
 * exactly the rules of the file.
 */
class ResidencyReachesReplicateTest {

  @Test
  void theResidencyRulesOfGatevaultYmlBindToReplicatesProperties() {
    Map<String, List<String>> residency = new LinkedHashMap<>();
    residency.put("prod", List.of("eu-west-1", "eu-central-1"));
    residency.put("test", List.of("local"));
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("gatevault.replicate.staging-dir", "/var/lib/gatevault/replicate");
    properties.putAll(EmbeddedStack.residencyProperties(residency));

    ReplicateProperties bound =
        new Binder(new MapConfigurationPropertySource(properties))
            .bind("gatevault.replicate", ReplicateProperties.class)
            .get();

    assertThat(bound.residency()).isEqualTo(residency);
  }

  @Test
  void withoutResidencyRulesReplicateWritesAnywhere() {
    ReplicateProperties bound =
        new Binder(
                new MapConfigurationPropertySource(
                    Map.of("gatevault.replicate.staging-dir", "/var/lib/gatevault/replicate")))
            .bind("gatevault.replicate", ReplicateProperties.class)
            .get();

    assertThat(bound.residency()).isEmpty();
  }
}
