package io.gatevault.core.config;

/**
 * The two kinds of sensitive data a gateway configuration holds: secrets protect access (they may
 * be redacted from backups), personal data identifies people (it feeds the GDPR record of
 * processing and erasure).
 */
public enum DataCategory {
  SECRET,
  PERSONAL_DATA
}
