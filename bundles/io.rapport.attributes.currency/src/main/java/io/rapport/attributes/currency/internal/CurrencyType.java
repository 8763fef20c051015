package io.rapport.attributes.currency.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;

import io.rapport.attributes.spi.AttributeDefinitionView;
import io.rapport.attributes.spi.AttributeType;
import io.rapport.attributes.spi.InvalidValueException;
import io.rapport.attributes.spi.StorageKind;
import io.rapport.attributes.spi.Stored;

/**
 * An amount of money in the one currency the attribute names in its options (an ISO 4217 code such as
 * {@code EUR}). The amount is stored as a NUMBER so that amounts compare and sort; the currency is fixed
 * per attribute because amounts in different currencies do not compare without exchange rates.
 * Read as {@code {"amount": "1250.00", "currency": "EUR"}}: the amount is a string with the currency's
 * minor digits, so no client rounds it through a float.
 */
@Component(service = AttributeType.class)
public class CurrencyType implements AttributeType {
    static final String NAME = "currency";
    private static final Pattern CODE = Pattern.compile("[A-Z]{3}");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]+(\\.[0-9]+)?");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String label() {
        return "Currency amount";
    }

    @Override
    public StorageKind storage() {
        return StorageKind.NUMBER;
    }

    @Override
    public boolean usesOptions() {
        return true;
    }

    @Override
    public void checkOptions(List<String> options) throws InvalidValueException {
        currency(options);
    }

    @Override
    public Stored parse(Object jsonValue, AttributeDefinitionView definition) throws InvalidValueException {
        Currency currency = currency(definition.options());
        Object amount = jsonValue;
        if (jsonValue instanceof Map) {
            Map<?, ?> object = (Map<?, ?>) jsonValue;
            for (Object field : object.keySet()) {
                if (!"amount".equals(field) && !"currency".equals(field)) {
                    throw new InvalidValueException("has the unknown field '" + field + "'; a currency amount is {\"amount\": \"1250.00\", "
                            + "\"currency\": \"" + currency.getCurrencyCode() + "\"} or just the amount");
                }
            }
            Object code = object.get("currency");
            if (code != null && !currency.getCurrencyCode().equals(code)) {
                throw new InvalidValueException("must be in " + currency.getCurrencyCode() + ", was " + describe(code)
                        + "; this attribute keeps amounts in " + currency.getCurrencyCode() + " only");
            }
            amount = object.get("amount");
            if (amount == null) {
                throw new InvalidValueException("needs an \"amount\", e.g. {\"amount\": \"1250.00\", \"currency\": \""
                        + currency.getCurrencyCode() + "\"}");
            }
        }
        BigDecimal n = decimal(amount).stripTrailingZeros();
        int digits = currency.getDefaultFractionDigits();
        if (n.scale() > digits) {
            throw new InvalidValueException(digits == 0
                    ? currency.getCurrencyCode() + " amounts are whole numbers, was " + n.toPlainString()
                    : currency.getCurrencyCode() + " amounts have at most " + digits + " digits after the decimal point, was " + n.toPlainString());
        }
        if (n.precision() - n.scale() > Stored.MAX_INTEGER_DIGITS) {
            throw new InvalidValueException("must have at most " + Stored.MAX_INTEGER_DIGITS + " digits before the decimal point");
        }
        return Stored.number(n);
    }

    @Override
    public Object format(Stored stored, AttributeDefinitionView definition) {
        Currency currency;
        try {
            currency = currency(definition.options());
        } catch (InvalidValueException e) {
            throw new IllegalStateException("the attribute " + definition.key() + " " + e.getMessage());
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("amount", stored.number().setScale(currency.getDefaultFractionDigits()).toPlainString());
        value.put("currency", currency.getCurrencyCode());
        return value;
    }

    /** The attribute's currency: its options must be exactly one ISO 4217 code of money. */
    static Currency currency(List<String> options) throws InvalidValueException {
        if (options.size() != 1) {
            throw new InvalidValueException("must be exactly one ISO 4217 currency code, such as [\"EUR\"], was " + options.size() + " options");
        }
        String code = options.get(0);
        Currency currency = null;
        if (CODE.matcher(code).matches()) {
            try {
                currency = Currency.getInstance(code);
            } catch (IllegalArgumentException unknown) {
                // below
            }
        }
        if (currency == null) {
            throw new InvalidValueException("'" + code + "' is not an ISO 4217 currency code; use three upper-case letters such as EUR, USD or JPY");
        }
        if (currency.getDefaultFractionDigits() < 0) {
            throw new InvalidValueException("'" + code + "' is not a currency of money (it has no minor unit, as for gold or special drawing rights)");
        }
        return currency;
    }

    private static BigDecimal decimal(Object v) throws InvalidValueException {
        if (v instanceof BigDecimal) {
            return (BigDecimal) v;
        }
        if (v instanceof BigInteger) {
            return new BigDecimal((BigInteger) v);
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new InvalidValueException("must be a finite amount");
            }
            return new BigDecimal(v.toString()); // the shortest decimal that reads back as this double
        }
        if (v instanceof String) {
            String s = ((String) v).trim();
            if (s.length() <= 100 && DECIMAL.matcher(s).matches()) {
                return new BigDecimal(s);
            }
            throw new InvalidValueException("must be an amount such as \"1250.00\" (digits, an optional sign and a decimal point, "
                    + "no grouping or symbols), was " + describe(v));
        }
        throw new InvalidValueException("must be an amount: a number, a string such as \"1250.00\", or {\"amount\": ..., \"currency\": ...}; was "
                + describe(v));
    }

    private static String describe(Object v) {
        if (v instanceof String) {
            String s = (String) v;
            return "'" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
        }
        return v instanceof Map ? "an object" : v instanceof List ? "a list" : v instanceof Boolean ? "a boolean" : v == null ? "null" : "a number";
    }
}
