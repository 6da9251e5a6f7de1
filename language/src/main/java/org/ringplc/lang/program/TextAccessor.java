package org.ringplc.lang.program;

/**
 * The accessor of a STRING or WSTRING variable. {@link #get}/{@link #set} of the raw form are
 * not meaningful for text; the runtime uses {@link #getText}/{@link #setText} instead.
 * Text values are truncated to the declared length on {@link #setText}. Scan thread only.
 */
public interface TextAccessor extends VariableAccessor {
    String getText();

    void setText(String value);

    @Override
    default long get() {
        return 0;
    }

    @Override
    default void set(long raw) {
        // text has no raw form
    }
}
