/**
 * The gateway port: what Gatevault needs from an API gateway's admin interface, and how failures
 * talking to it are classified (transient vs permanent).
 */
package io.gatevault.core.gateway;
