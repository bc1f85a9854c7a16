/**
 * Gateway adapters: implementations of the {@link io.gatevault.core.gateway.GatewayAdapter} port
 * (Caddy, generic http-json), the {@link io.gatevault.gateways.GatewayAdapters} factory, and the
 * shared admin HTTP client that classifies failures as transient or permanent.
 */
package io.gatevault.gateways;
