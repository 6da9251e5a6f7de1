package org.ringplc.server.api;

/** The one error shape of the API: {@code {"error": "..."}}. */
public record ErrorBody(String error) {
}
