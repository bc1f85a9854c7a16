package io.gatevault.capture.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link ChangeFeed#utf8Length}: what an image weighs in a Kafka record, without encoding it. */
class ChangeImageSizeTest {

  @Test
  void theLengthIsTheUtf8EncodingsForEveryScript() {
    for (String image :
        new String[] {
          "{\"path\":\"/orders\"}",
          "{\"name\":\"Zoë Müller\"}",
          "{\"name\":\"東京ルート\"}",
          "{\"emoji\":\"🚀 route\"}",
          ""
        }) {
      assertThat(ChangeFeed.utf8Length(image))
          .as(image)
          .isEqualTo(image.getBytes(StandardCharsets.UTF_8).length);
    }
    assertThat(ChangeFeed.utf8Length(null)).isZero();
    // An unpaired surrogate counts as the 3 bytes it would take, never less than its encoding.
    String unpaired = "unpaired \uD800 surrogate";
    assertThat(ChangeFeed.utf8Length(unpaired))
        .isGreaterThanOrEqualTo(unpaired.getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void nineHundredKiCharactersOfAJapaneseImageAreOverTheLimitThoughTheirCountIsNot() {
    String image = "東".repeat(ChangeFeed.MAX_IMAGE_BYTES / 3 + 1);

    assertThat(image.length()).isLessThan(ChangeFeed.MAX_IMAGE_BYTES);
    assertThat(ChangeFeed.utf8Length(image)).isGreaterThan(ChangeFeed.MAX_IMAGE_BYTES);
  }
}
