package io.gatevault.controlplane.binding;

/** What a GET asked for does not exist; answered as 404 with the message as the problem detail. */
class ResourceNotFoundException extends RuntimeException {

  ResourceNotFoundException(String message) {
    super(message);
  }
}
