package io.rapport.attributes.spi;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * A value in the form Rapport stores it: one of the {@link StorageKind}s. The factories check the limits of
 * the typed columns and throw {@link IllegalArgumentException} beyond them, so a type should check
 * (and explain) the limits in {@link AttributeType#parse} first.
 */
public final class Stored {
    /** The longest text, and the longest item of a text list, in characters. */
    public static final int MAX_TEXT = 4000;
    /** The most items of a text list. */
    public static final int MAX_ITEMS = 1000;
    /** Decimals: at most this many digits after the point. */
    public static final int MAX_SCALE = 10;
    /** Decimals: at most this many digits before the point. */
    public static final int MAX_INTEGER_DIGITS = 21;
    /** The longest JSON text of a formatted value. */
    public static final int MAX_RAW = 32000;

    private final StorageKind kind;
    private final Object value;

    private Stored(StorageKind kind, Object value) {
        this.kind = kind;
        this.value = value;
    }

    public static Stored text(String text) {
        return new Stored(StorageKind.TEXT, checkText(text));
    }

    /** A decimal; trailing zeros do not matter ({@code 1.50} and {@code 1.5} are the same value). */
    public static Stored number(BigDecimal number) {
        Objects.requireNonNull(number, "number");
        BigDecimal n = number.stripTrailingZeros();
        if (n.scale() < 0) {
            n = n.setScale(0);
        }
        if (n.scale() > MAX_SCALE) {
            throw new IllegalArgumentException("more than " + MAX_SCALE + " digits after the decimal point");
        }
        if (n.precision() - n.scale() > MAX_INTEGER_DIGITS) {
            throw new IllegalArgumentException("more than " + MAX_INTEGER_DIGITS + " digits before the decimal point");
        }
        return new Stored(StorageKind.NUMBER, n);
    }

    public static Stored bool(boolean value) {
        return new Stored(StorageKind.BOOLEAN, value);
    }

    /** A point or day on the time line, in the unit the type chose (see {@link StorageKind#INSTANT}). */
    public static Stored instant(long value) {
        return new Stored(StorageKind.INSTANT, value);
    }

    /** An ordered list of strings; an empty list means "no value" and removes a stored one. */
    public static Stored textList(List<String> items) {
        Objects.requireNonNull(items, "items");
        if (items.size() > MAX_ITEMS) {
            throw new IllegalArgumentException("more than " + MAX_ITEMS + " items");
        }
        items.forEach(Stored::checkText);
        return new Stored(StorageKind.TEXT_LIST, List.copyOf(items));
    }

    private static String checkText(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("longer than " + MAX_TEXT + " characters");
        }
        return text;
    }

    public StorageKind kind() {
        return kind;
    }

    public String text() {
        return (String) as(StorageKind.TEXT);
    }

    public BigDecimal number() {
        return (BigDecimal) as(StorageKind.NUMBER);
    }

    public boolean bool() {
        return (Boolean) as(StorageKind.BOOLEAN);
    }

    public long instant() {
        return (Long) as(StorageKind.INSTANT);
    }

    @SuppressWarnings("unchecked")
    public List<String> textList() {
        return (List<String>) as(StorageKind.TEXT_LIST);
    }

    private Object as(StorageKind wanted) {
        if (kind != wanted) {
            throw new IllegalStateException("a " + kind + " value, not " + wanted);
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Stored && ((Stored) o).kind == kind && ((Stored) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + value.hashCode();
    }

    @Override
    public String toString() {
        return kind + ":" + value;
    }
}
