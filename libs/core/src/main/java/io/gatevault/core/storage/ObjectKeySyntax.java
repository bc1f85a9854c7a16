package io.gatevault.core.storage;

import java.util.regex.Pattern;

/**
 * What a valid object key looks like, for every target: relative, '/'-separated segments of
 * letters, digits, '.', '_' and '-', none empty, none starting with '.' (so no "." or ".." and no
 * clash with a store's hidden temporary files). A key that passes cannot leave the target's root on
 * any filesystem or object store.
 */
public final class ObjectKeySyntax {

  /** Longest segment most filesystems accept. */
  public static final int MAX_SEGMENT_LENGTH = 255;

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

  private ObjectKeySyntax() {}

  /**
   * Returns {@code key} when valid.
   *
   * @throws IllegalArgumentException naming the key and what is wrong with it
   */
  public static String check(String key) {
    String problem = problemWith(key);
    if (problem != null) {
      throw new IllegalArgumentException("object key '" + key + "' is invalid: " + problem);
    }
    return key;
  }

  /** Returns {@code segment} when it is one valid key segment (no '/'), naming {@code what}. */
  public static String checkSegment(String segment, String what) {
    String problem = segment == null ? "it is null" : problemWithSegment(segment);
    if (problem != null) {
      throw new IllegalArgumentException(
          what + " '" + segment + "' cannot be part of an object key: " + problem);
    }
    return segment;
  }

  /** Why {@code key} is invalid, or null when it is valid. */
  public static String problemWith(String key) {
    if (key == null || key.isEmpty()) {
      return "it is empty";
    }
    if (key.startsWith("/")) {
      return "it is absolute; keys are relative to the target's root";
    }
    if (key.endsWith("/")) {
      return "it ends with '/'; a key names an object, not a folder";
    }
    for (String segment : key.split("/", -1)) {
      String problem = problemWithSegment(segment);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  private static String problemWithSegment(String segment) {
    if (segment.isEmpty()) {
      return "it has an empty segment ('//')";
    }
    if (segment.equals(".") || segment.equals("..")) {
      return "it has a '" + segment + "' segment (path traversal is refused)";
    }
    if (segment.length() > MAX_SEGMENT_LENGTH) {
      return "segment '" + segment + "' is longer than " + MAX_SEGMENT_LENGTH + " characters";
    }
    if (!SEGMENT.matcher(segment).matches()) {
      return "segment '"
          + segment
          + "' may hold only letters, digits, '.', '_' and '-' and must not start with '.'";
    }
    return null;
  }
}
