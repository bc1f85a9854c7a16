package io.gatevault.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalJsonTest {

  @Test
  void objectKeysAreSortedAtEveryLevelAndWhitespaceIsDropped() {
    String json = "{ \"b\" : [ {\"z\":1, \"a\":2} ], \"a\" : { \"y\": true, \"x\": null } }";

    assertThat(CanonicalJson.canonicalize(json))
        .isEqualTo("{\"a\":{\"x\":null,\"y\":true},\"b\":[{\"a\":2,\"z\":1}]}");
  }

  @Test
  void equalConfigurationsWrittenDifferentlyAreByteEqual() {
    byte[] compact = "{\"port\":8080,\"hosts\":[\"a\",\"b\"]}".getBytes(StandardCharsets.UTF_8);
    byte[] pretty =
        "{\n  \"hosts\" : [ \"a\", \"b\" ],\n  \"port\" : 8.08e3\n}\n"
            .getBytes(StandardCharsets.UTF_8);

    assertThat(CanonicalJson.canonicalize(pretty)).isEqualTo(CanonicalJson.canonicalize(compact));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0 | 0",
        "-0 | 0",
        "0.0 | 0",
        "1.0 | 1",
        "1.50 | 1.5",
        "1E+2 | 100",
        "1e2 | 100",
        "5000000000 | 5000000000",
        "-12.340 | -12.34",
        "0.000001 | 0.000001",
        "1e-7 | 1E-7",
        "123456789012345678901234567890 | 123456789012345678901234567890",
        "1e400 | 1E+400",
        "3.141592653589793238462643383279 | 3.141592653589793238462643383279",
      })
  void everyNumericValueHasOneForm(String input, String canonical) {
    assertThat(CanonicalJson.canonicalize("[" + input + "]")).isEqualTo("[" + canonical + "]");
  }

  @Test
  void stringsEscapeOnlyQuotesBackslashAndControlCharacters() {
    String json = "[\"a\\\"b\\\\c\\n\\t\\u0001 \\u00e9 \\u003c/script\\u003e \\ud83d\\ude00\"]";

    assertThat(CanonicalJson.canonicalize(json))
        .isEqualTo("[\"a\\\"b\\\\c\\n\\t\\u0001 é </script> \uD83D\uDE00\"]");
  }

  @Test
  void keysSortByUtf16CodeUnits() {
    assertThat(CanonicalJson.canonicalize("{\"b\":1,\"B\":2,\"é\":3,\"a\":4}"))
        .isEqualTo("{\"B\":2,\"a\":4,\"b\":1,\"é\":3}");
  }

  @Test
  void duplicateKeysAreRefusedBecauseReadersWouldDisagree() {
    assertThatThrownBy(() -> CanonicalJson.canonicalize("{\"a\":1,\"a\":2}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Not JSON")
        .hasMessageContaining("Duplicate field 'a'");
  }

  @Test
  void trailingContentIsRefused() {
    assertThatThrownBy(() -> CanonicalJson.canonicalize("{} {}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Not JSON");
  }

  @Test
  void emptyInputIsRefused() {
    assertThatThrownBy(() -> CanonicalJson.parse(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Not JSON: the document is empty");
  }

  @Test
  void htmlIsRefusedAsNotJson() {
    assertThatThrownBy(() -> CanonicalJson.parse("<html>login</html>"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Not JSON: ");
  }

  @Test
  void canonicalFormIsAFixedPoint() {
    String once = CanonicalJson.canonicalize("{\"x\":[1.0,{\"b\":\"\\u00e9\",\"a\":2e0}]}");

    assertThat(CanonicalJson.canonicalize(once)).isEqualTo(once);
  }

  @Test
  void contentHashOfEmptyObjectIsItsSha256() {
    assertThat(ContentHash.ofJson(CanonicalJson.parse(" { } ")).hex())
        .isEqualTo("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
  }

  @Test
  void contentHashRefusesWhatIsNotASha256() {
    assertThatThrownBy(() -> new ContentHash("ABC"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64 lower-case hex digits");
  }
}
