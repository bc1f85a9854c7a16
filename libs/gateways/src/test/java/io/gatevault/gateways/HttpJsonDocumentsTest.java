package io.gatevault.gateways;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatevault.core.config.CanonicalJson;
import io.gatevault.core.config.ConfigEntity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpJsonDocumentsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"a\":{\"x\":1},\"b\":[1,2],\"c\":null}",
        "[{\"k\":1},2,\"three\"]",
        "42",
        "{}",
        "[]"
      })
  void composingTheEntitiesOfADocumentGivesTheDocumentBackByteForByte(String document) {
    JsonNode config = CanonicalJson.parse(document);

    JsonNode composed = HttpJsonDocuments.compose(config, HttpJsonDocuments.entities(config));

    assertThat(CanonicalJson.toCanonicalString(composed))
        .isEqualTo(CanonicalJson.canonicalize(document));
  }

  @Test
  void aChangedAddedAndRemovedSectionShowAtTheirPointers() {
    JsonNode base = CanonicalJson.parse("{\"keep\":1,\"change\":{\"v\":1},\"drop\":true}");
    List<ConfigEntity> entities = new ArrayList<>(HttpJsonDocuments.entities(base));
    entities.removeIf(e -> !e.id().equals("keep"));
    entities.add(
        ConfigEntity.of(
            "section", "change", null, null, Map.of(), CanonicalJson.parse("{\"v\":2}")));
    entities.add(
        ConfigEntity.of("section", "added", null, null, Map.of(), CanonicalJson.parse("[]")));

    assertThat(CanonicalJson.toCanonicalString(HttpJsonDocuments.compose(base, entities)))
        .isEqualTo("{\"added\":[],\"change\":{\"v\":2},\"keep\":1}");
  }

  @Test
  void itemsWithAGapAreRefused() {
    List<ConfigEntity> items =
        List.of(
            ConfigEntity.of("item", "0", null, null, null, CanonicalJson.parse("1")),
            ConfigEntity.of("item", "2", null, null, null, CanonicalJson.parse("3")));

    assertThatThrownBy(() -> HttpJsonDocuments.compose(null, items))
        .hasMessageContaining("numbered 0..1 without gaps")
        .hasMessageContaining("item/2");
  }

  @Test
  void sectionsAndItemsCannotBeMixed() {
    List<ConfigEntity> mixed =
        List.of(
            ConfigEntity.of("item", "0", null, null, null, CanonicalJson.parse("1")),
            ConfigEntity.of("section", "a", null, null, null, CanonicalJson.parse("3")));

    assertThatThrownBy(() -> HttpJsonDocuments.compose(null, mixed)).hasMessageContaining("mix");
  }

  @Test
  void anItemInsertedInTheMiddleOfAnArrayComesBackThereAfterReplay() {
    JsonNode base = CanonicalJson.parse("[{\"r\":\"a\"},{\"r\":\"b\"},{\"r\":\"c\"}]");
    JsonNode moment =
        CanonicalJson.parse("[{\"r\":\"a\"},{\"r\":\"new\"},{\"r\":\"b\"},{\"r\":\"c\"}]");
    io.gatevault.core.config.ConfigSnapshot before =
        io.gatevault.core.config.ConfigSnapshot.of(
            "j", "http-json", HttpJsonDocuments.entities(base), base);
    io.gatevault.core.config.ConfigSnapshot after =
        io.gatevault.core.config.ConfigSnapshot.of(
            "j", "http-json", HttpJsonDocuments.entities(moment), moment);

    JsonNode composed = HttpJsonDocuments.compose(base, ReplayedChanges.onto(before, after));

    // Items are named by their index, so an insert shifts the later ones: the ids carry the order.
    assertThat(CanonicalJson.toCanonicalString(composed))
        .isEqualTo(CanonicalJson.toCanonicalString(moment));
  }
}
