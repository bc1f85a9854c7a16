/**
 * Spring Cloud Gateway (server-webflux): the adapter over its actuator gateway endpoint, the
 * mapping of route definitions into the canonical model, and {@link
 * io.gatevault.gateways.scg.ScgProcess}, which runs the Gatevault testbed gateway as a child JVM.
 */
package io.gatevault.gateways.scg;
