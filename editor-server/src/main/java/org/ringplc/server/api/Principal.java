package org.ringplc.server.api;

/**
 * Who made a request: the name recorded in the audit log with each write and force, and the role
 * that decides what the request may do.
 */
public record Principal(String name, Role role) {
}
