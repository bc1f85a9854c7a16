package io.gatevault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Properties of a sealed artifact under tampering (issue 5, item 7): whatever byte of the artifact
 * is changed, and whatever entry of its encryption context differs, opening it fails with an error
 * that says what is wrong, and no plaintext is left behind. The artifacts span several segments (4
 * KiB each, with a short last one), so header, segment bodies, tags and the last segment are all
 * exercised; jqwik shrinks a failure to the smallest offset and change.
 */
class TamperingPropertiesTest {

  private static final int SEGMENT = 4096;
  private static final EncryptionContext CONTEXT =
      new EncryptionContext("caddy-shop", "prod", "artifact-0001");

  private static Path directory;
  private static RawAesKeyring keyring;
  private static byte[] plaintext;
  private static byte[] sealed;
  private static WrappedDataKey wrappedKey;

  @BeforeContainer
  static void sealOneArtifact() throws IOException {
    directory = Files.createTempDirectory("gvx-properties");
    keyring = TestKeystores.keyring(TestKeystores.create(directory, "gatevault-kek", 1));
    plaintext = StreamingRoundTripTest.randomBytes(3 * SEGMENT + 123);
    EnvelopeSealer sealer =
        new EnvelopeSealer(
            keyring, new StreamingSealer(SEGMENT, new SecureRandom()), new SecureRandom());
    SealedBytes result = sealer.seal(plaintext, CONTEXT);
    sealed = result.ciphertext();
    wrappedKey = result.envelope().wrappedDataKey();
  }

  @AfterContainer
  static void removeKeystore() throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted((a, b) -> b.compareTo(a)).forEach(file -> file.toFile().delete());
    }
  }

  @Property(tries = 400)
  void changingAnyByteOfTheArtifactMakesOpeningItFailWithAReason(
      @ForAll("offsets") int offset, @ForAll @IntRange(min = 1, max = 255) int mask)
      throws IOException {
    byte[] damaged = sealed.clone();
    damaged[offset] ^= (byte) mask;
    Path target = directory.resolve("opened-" + offset + "-" + mask + ".json");

    assertThatThrownBy(
            () ->
                new EnvelopeUnsealer(keyring)
                    .unsealToFile(new ByteArrayInputStream(damaged), target, wrappedKey, CONTEXT))
        .isInstanceOf(ArtifactTamperedException.class)
        .hasMessageMatching("(?s).*(header|segment \\d+).*")
        .hasMessageMatching(
            "(?s).*(altered|truncated|appended|reordered|magic|version|segment size|another"
                + " data key).*");
    assertThat(target).doesNotExist();
    try (Stream<Path> left = Files.list(directory)) {
      assertThat(left.map(Path::getFileName).map(Path::toString))
          .noneMatch(name -> name.endsWith(".unsealing"));
    }
  }

  @Property(tries = 200)
  void anyOtherEncryptionContextEntryMakesOpeningFailWithAReason(
      @ForAll("otherContexts") EncryptionContext other) {
    assertThatThrownBy(() -> new EnvelopeUnsealer(keyring).unsealToBytes(sealed, wrappedKey, other))
        .satisfies(
            error -> {
              assertThat(error)
                  .isInstanceOfAny(
                      ArtifactTamperedException.class,
                      WrongKeyException.class,
                      KeyringRefusedException.class);
              assertThat(error.getMessage()).isNotBlank();
            });
  }

  @Property(tries = 50)
  void theUnchangedArtifactOpensToItsPlaintext(@ForAll @IntRange(min = 0, max = 3) int ignored) {
    assertThat(new EnvelopeUnsealer(keyring).unsealToBytes(sealed, wrappedKey, CONTEXT))
        .isEqualTo(plaintext);
  }

  @Provide
  Arbitrary<Integer> offsets() {
    return Arbitraries.integers().between(0, sealed.length - 1);
  }

  /** The artifact's context with one, two or all three entries changed. */
  @Provide
  Arbitrary<EncryptionContext> otherContexts() {
    Arbitrary<String> names =
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20);
    Arbitrary<String> gateway = Arbitraries.oneOf(Arbitraries.just(CONTEXT.gatewayId()), names);
    Arbitrary<String> environment =
        Arbitraries.oneOf(Arbitraries.just(CONTEXT.environment()), names);
    Arbitrary<String> artifact = Arbitraries.oneOf(Arbitraries.just(CONTEXT.artifactId()), names);
    return Combinators.combine(gateway, environment, artifact)
        .as(EncryptionContext::new)
        .filter(context -> !context.equals(CONTEXT));
  }
}
