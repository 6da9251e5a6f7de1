package org.ringplc.server.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;

/**
 * A request body that must be a JSON object, with accessors whose refusals say which field is
 * missing or wrong and what a good request looks like. Jackson's own messages name Java types and
 * are not for a person at a PLC; these are.
 */
final class JsonBody {
    private final JsonNode node;
    private final String example;

    private JsonBody(JsonNode node, String example) {
        this.node = node;
        this.example = example;
    }

    /**
     * @param example a valid body, quoted in the messages ({@code {"path": "Main.x", "value": 1}})
     */
    static JsonBody parse(Context ctx, String example) {
        return parse(ctx.body(), example);
    }

    static JsonBody parse(String body, String example) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("the request body is empty; send a JSON object like " + example);
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw ApiException.badRequest("the request body is not valid JSON" + where + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse("") + "; expected e.g. " + example);
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("the request body must be a JSON object like " + example);
        }
        return new JsonBody(node, example);
    }

    JsonNode node() {
        return node;
    }

    /** A required non-empty string field, e.g. a variable path. */
    String requireText(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw ApiException.badRequest("missing field '" + field + "'; expected e.g. " + example);
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw ApiException.badRequest("field '" + field + "' must be a non-empty string; expected e.g. " + example);
        }
        return v.asText().strip();
    }

    /**
     * A required PLC value: a JSON boolean, number or string (strings carry IEC literals such as
     * {@code "T#1s500ms"} or enumeration names). Numbers keep their exact text: integers as Long
     * (BigInteger beyond 64 bits, for ULINT), others as BigDecimal.
     */
    Object requireValue(String field) {
        JsonNode v = node.get(field);
        if (v == null) {
            throw ApiException.badRequest("missing field '" + field + "'; expected e.g. " + example);
        }
        Object value = plcValue(v);
        if (value == null) {
            throw ApiException.badRequest("field '" + field + "' must be a boolean, a number or a string "
                    + "(IEC literals like T#1s go in a string), not " + describe(v));
        }
        return value;
    }

    /** The Java value of a JSON scalar, or null when it is not one. */
    static Object plcValue(JsonNode v) {
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToLong() ? (Object) v.longValue() : v.bigIntegerValue();
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        return null;
    }

    static String describe(JsonNode v) {
        if (v.isNull()) {
            return "null";
        }
        if (v.isArray()) {
            return "an array";
        }
        if (v.isObject()) {
            return "an object";
        }
        return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
