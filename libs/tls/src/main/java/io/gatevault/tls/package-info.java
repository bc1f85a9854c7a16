/**
 * TLS for every outbound connection Gatevault makes (gateways, schema registry, S3, KMS, Kafka):
 * one settings type ({@link io.gatevault.tls.TlsSettings}), one place that turns it into an {@link
 * javax.net.ssl.SSLContext} and {@link javax.net.ssl.SSLParameters} ({@link
 * io.gatevault.tls.TlsMaterial#load}), and the plaintext guard ({@link
 * io.gatevault.tls.PlaintextGuard}). JDK only, so every client library can use it.
 */
package io.gatevault.tls;
