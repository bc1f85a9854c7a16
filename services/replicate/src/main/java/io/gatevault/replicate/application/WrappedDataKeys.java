package io.gatevault.replicate.application;

import io.gatevault.core.event.ArtifactManifest;
import io.gatevault.core.event.BinaryContent;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The wrapped data key an {@link ArtifactManifest} carries, when it carries one.
 *
 * <p>The optional {@code wrappedDataKey} field is being added to the manifest by the crypto work of
 * the same release; it is read by record component name so replicate works with the manifest before
 * and after that field lands. Once it has landed, replace this with a direct accessor call.
 */
final class WrappedDataKeys {

  private static final RecordComponent COMPONENT = find();

  private WrappedDataKeys() {}

  static Optional<byte[]> of(ArtifactManifest manifest) {
    if (COMPONENT == null) {
      return Optional.empty();
    }
    Object value;
    try {
      value = COMPONENT.getAccessor().invoke(manifest);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read ArtifactManifest.wrappedDataKey", e);
    }
    if (value instanceof Optional<?> optional) {
      value = optional.orElse(null);
    }
    if (value instanceof BinaryContent content) {
      return Optional.of(content.toByteArray());
    }
    if (value instanceof byte[] bytes) {
      return Optional.of(bytes.clone());
    }
    if (value instanceof ByteBuffer buffer) {
      return Optional.of(BinaryContent.copyOf(buffer).toByteArray());
    }
    return Optional.empty();
  }

  private static RecordComponent find() {
    for (RecordComponent component : ArtifactManifest.class.getRecordComponents()) {
      if (component.getName().equals("wrappedDataKey")) {
        return component;
      }
    }
    return null;
  }
}
