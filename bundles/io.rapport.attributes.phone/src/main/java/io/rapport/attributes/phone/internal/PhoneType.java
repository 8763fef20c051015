package io.rapport.attributes.phone.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Component;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import io.rapport.attributes.spi.AttributeDefinitionView;
import io.rapport.attributes.spi.AttributeType;
import io.rapport.attributes.spi.InvalidValueException;
import io.rapport.attributes.spi.StorageKind;
import io.rapport.attributes.spi.Stored;

/**
 * A phone number, checked with Google's libphonenumber and stored in E.164 ({@code +442079460958}), so that
 * one number is stored one way however it was typed and can be found by it. The attribute's one option is
 * the default region (ISO 3166 code such as {@code GB}) for numbers written without {@code +} and a country
 * code, the way agents usually type the numbers of their own country. Read as an object with the E.164,
 * international and national forms, the number's country and its kind (mobile, fixed line, ...); that
 * object, or its {@code e164} alone, parses back to the same number.
 */
@Component(service = AttributeType.class)
public class PhoneType implements AttributeType {
    static final String NAME = "phone";
    private static final Set<String> FIELDS = Set.of("e164", "international", "national", "country", "type");
    private static final int MAX_INPUT = 100;

    private final PhoneNumberUtil numbers = PhoneNumberUtil.getInstance();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String label() {
        return "Phone number";
    }

    @Override
    public StorageKind storage() {
        return StorageKind.TEXT;
    }

    @Override
    public boolean usesOptions() {
        return true;
    }

    @Override
    public void checkOptions(List<String> options) throws InvalidValueException {
        region(options);
    }

    @Override
    public Stored parse(Object jsonValue, AttributeDefinitionView definition) throws InvalidValueException {
        String region = region(definition.options());
        String text = text(jsonValue).trim();
        if (text.isEmpty()) {
            throw new InvalidValueException("must be a phone number, was empty (null removes the value)");
        }
        if (text.length() > MAX_INPUT) {
            throw new InvalidValueException("must be at most " + MAX_INPUT + " characters, was " + text.length());
        }
        PhoneNumber number;
        try {
            number = numbers.parse(text, region);
        } catch (NumberParseException e) {
            throw new InvalidValueException("'" + text + "' is not a phone number (" + reason(e) + "); write it as +44 20 7946 0958, "
                    + "or without + and country code for a number in " + region);
        }
        if (number.hasExtension()) {
            throw new InvalidValueException("'" + text + "' has an extension (" + number.getExtension() + "), which is not kept; "
                    + "set the number without it");
        }
        if (!numbers.isValidNumber(number)) {
            throw new InvalidValueException("'" + text + "' is not a valid phone number for " + regionOf(number, region));
        }
        return Stored.text(numbers.format(number, PhoneNumberFormat.E164));
    }

    @Override
    public Object format(Stored stored, AttributeDefinitionView definition) {
        PhoneNumber number;
        try {
            number = numbers.parse(stored.text(), "ZZ"); // E.164 carries its country code
        } catch (NumberParseException e) {
            throw new IllegalStateException("the stored number " + stored.text() + " does not parse: " + e.getMessage(), e);
        }
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("e164", stored.text());
        value.put("international", numbers.format(number, PhoneNumberFormat.INTERNATIONAL));
        value.put("national", numbers.format(number, PhoneNumberFormat.NATIONAL));
        value.put("country", numbers.getRegionCodeForNumber(number));
        value.put("type", numbers.getNumberType(number).name().toLowerCase(Locale.ROOT));
        return value;
    }

    /** The attribute's default region: its options must be exactly one region libphonenumber knows. */
    String region(List<String> options) throws InvalidValueException {
        if (options.size() != 1) {
            throw new InvalidValueException("must be exactly one default region, an ISO 3166 country code such as [\"GB\"] for numbers "
                    + "written without + and country code; was " + options.size() + " options");
        }
        String region = options.get(0);
        if (!numbers.getSupportedRegions().contains(region)) {
            throw new InvalidValueException("'" + region + "' is not a region with phone numbers; use an upper-case ISO 3166 country "
                    + "code such as GB, US or DE");
        }
        return region;
    }

    /** A string, or the object {@link #format} answers (its {@code e164}). */
    private static String text(Object jsonValue) throws InvalidValueException {
        if (jsonValue instanceof String) {
            return (String) jsonValue;
        }
        if (jsonValue instanceof Map) {
            Map<?, ?> object = (Map<?, ?>) jsonValue;
            for (Object field : object.keySet()) {
                if (!FIELDS.contains(field)) {
                    throw new InvalidValueException("has the unknown field '" + field + "'; a phone number is a string such as "
                            + "\"+44 20 7946 0958\", or an object with \"e164\"");
                }
            }
            if (!(object.get("e164") instanceof String)) {
                throw new InvalidValueException("needs \"e164\", the number as a string such as \"+442079460958\"");
            }
            return (String) object.get("e164");
        }
        throw new InvalidValueException("must be a phone number as a string, such as \"+44 20 7946 0958\"");
    }

    /** The region a number was checked for: its own when it has a country code other than the default's. */
    private String regionOf(PhoneNumber number, String defaultRegion) {
        if (number.getCountryCode() == numbers.getCountryCodeForRegion(defaultRegion)) {
            return defaultRegion;
        }
        String region = numbers.getRegionCodeForCountryCode(number.getCountryCode());
        return "ZZ".equals(region) ? "+" + number.getCountryCode() : region;
    }

    private static String reason(NumberParseException e) {
        switch (e.getErrorType()) {
        case INVALID_COUNTRY_CODE:
            return "unknown country code";
        case NOT_A_NUMBER:
            return "not a number";
        case TOO_SHORT_AFTER_IDD:
        case TOO_SHORT_NSN:
            return "too short";
        case TOO_LONG:
            return "too long";
        default:
            return e.getMessage();
        }
    }
}
