package org.ringplc.lang.program;

/**
 * The elementary IEC 61131-3 types a monitored leaf can have, and how each is carried as a raw
 * {@code long} between compiled code, the runtime (forcing, snapshots, retain) and the web side.
 *
 * <p>Carrying every elementary value as one {@code long} lets the scan thread copy snapshots and
 * apply forces without boxing or allocation. Raw encodings:
 * <ul>
 *   <li>BOOL: 0 or 1;</li>
 *   <li>signed integers (SINT…LINT): the value sign-extended;</li>
 *   <li>unsigned integers and bit strings (USINT…ULINT, BYTE…LWORD): the value zero-extended
 *       (ULINT/LWORD use all 64 bits, read them with {@link Long#toUnsignedString});</li>
 *   <li>REAL: {@link Float#floatToRawIntBits} zero-extended; LREAL: {@link Double#doubleToRawLongBits};</li>
 *   <li>TIME and LTIME: signed nanoseconds; DATE and DATE_AND_TIME: nanoseconds since
 *       1970-01-01T00:00 (no time zone); TIME_OF_DAY: nanoseconds since midnight;</li>
 *   <li>ENUM: the element's integer value;</li>
 *   <li>STRING and WSTRING have no raw form: their accessor is a {@link TextAccessor}.</li>
 * </ul>
 */
public enum ValueType {
    BOOL, SINT, INT, DINT, LINT, USINT, UINT, UDINT, ULINT, BYTE, WORD, DWORD, LWORD,
    REAL, LREAL, TIME, LTIME, DATE, TIME_OF_DAY, DATE_AND_TIME, STRING, WSTRING, ENUM;

    /** True for the types whose values have no raw {@code long} form. */
    public boolean isText() {
        return this == STRING || this == WSTRING;
    }
}
