package org.ringplc.runtime.project;

/**
 * {@code web:} of {@code project.yaml}; command line options override it.
 *
 * @param port TCP port (0: ephemeral)
 * @param bind the address to bind, loopback by default (PRODUCT.md §5)
 */
public record WebConfig(int port, String bind) {
}
