package org.ringplc.server.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one Jackson configuration of the web edge and the CLI's {@code --json} output.
 *
 * <p>PLC values arrive from the runtime as Boolean, Long, BigInteger, BigDecimal or String
 * (PRODUCT.md §2). A REAL travels as the BigDecimal of its shortest round-trip text, so it is
 * written plain: {@code 1E+3} would still be a JSON number, but it surprises people and some
 * JavaScript tooling; {@code 1000} never does. Incoming floats are read as BigDecimal so a value
 * typed for an LREAL keeps every digit until the runtime converts it to the variable's type.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private Json() {
    }

    /** Shared and thread-safe once configured; never reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
