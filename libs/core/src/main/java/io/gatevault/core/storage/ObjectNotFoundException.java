package io.gatevault.core.storage;

/** No object under the key. Permanent. */
public class ObjectNotFoundException extends BackupStoreException {

  public ObjectNotFoundException(String targetId, String key, String location) {
    super(targetId, key, "no such object at " + location, false, null);
  }
}
