package io.gatevault.testbed.scg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

class PasswordHashTest {

  @Test
  void sha256HashMatchesOnlyItsPassword() {
    PasswordHash hash = PasswordHash.parse(PasswordHash.sha256Of("s3cret"));

    assertThat(hash.matches("s3cret")).isTrue();
    assertThat(hash.matches("S3cret")).isFalse();
    assertThat(hash.matches("")).isFalse();
  }

  @Test
  void bcryptHashAsCaddyAndHtpasswdWriteItMatchesOnlyItsPassword() {
    PasswordHash hash = PasswordHash.parse(BCrypt.hashpw("s3cret", BCrypt.gensalt(4)));

    assertThat(hash.matches("s3cret")).isTrue();
    assertThat(hash.matches("wrong")).isFalse();
  }

  @Test
  void textInNeitherFormIsRefusedNamingTheAcceptedForms() {
    assertThatThrownBy(() -> PasswordHash.parse("plaintext"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bcrypt")
        .hasMessageContaining("sha256:<64 hex digits>")
        .hasMessageContaining("'plaintext'");
    assertThatThrownBy(() -> PasswordHash.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
