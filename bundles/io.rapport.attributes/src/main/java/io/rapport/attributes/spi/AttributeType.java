package io.rapport.attributes.spi;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A type of custom attribute, implemented by a plugin and registered as an OSGi service of this
 * interface, for example with Declarative Services:
 *
 * <pre>
 * &#64;Component(service = AttributeType.class)
 * public class ScoreType implements AttributeType { ... }
 * </pre>
 *
 * Rapport finds types by {@link #name()}: when several services have the same name, the one with the
 * highest service ranking is used (so a plugin may replace a built-in type). Definitions name their
 * type; while a type's service is absent, attributes of that type cannot be set and their stored values
 * are read back as they were last written (the JSON of {@link #format}).
 * <p>
 * Implementations must be thread-safe and fast (they run inside requests) and must not keep state about
 * values: everything a value needs is in its {@link Stored} form and its {@link AttributeDefinitionView}.
 * <p>
 * Rapport calls a type registered by another bundle under a time limit and contains its failures: an
 * unchecked exception or a call that does not return in time fails that request (502 or 504 naming the
 * plugin, not the client's fault) and marks the plugin FAILED or DEGRADED, and reads show the stored values
 * as last written instead. {@link #name()}, {@link #label()}, {@link #storage()} and {@link #usesOptions()}
 * are read once, when the service is registered.
 */
@ConsumerType
public interface AttributeType {
    /**
     * The type's stable name, as definitions refer to it: lower case, e.g. {@code number} or
     * {@code acme_score} (prefix your own types to avoid clashes). It must never change once values exist.
     */
    String name();

    /** A short human label, e.g. "Number". */
    String label();

    /** The column kind values of this type are kept in; it must never change once values exist. */
    StorageKind storage();

    /**
     * Whether definitions of this type carry options (a non-empty list of distinct strings, as for list
     * types); when false, definitions may not have options.
     */
    boolean usesOptions();

    /**
     * Checks a definition's options when it is created or changed, beyond what {@link #usesOptions()}
     * already ensures (non-empty, distinct, trimmed strings), for types whose options configure them, e.g.
     * "exactly one ISO 4217 code". Only called for types that use options. The default accepts any.
     *
     * @param options the options as they will be stored, in order
     * @throws InvalidValueException when they do not fit, with the reason for the client
     * @since 1.1
     */
    default void checkOptions(List<String> options) throws InvalidValueException {
    }

    /**
     * Checks a client's JSON value and answers its stored form, of kind {@link #storage()}. Never called
     * with null (null removes a value). Normalise here (trim, lower-case, convert to UTC) so that equal
     * values are stored equally.
     *
     * @param jsonValue the value as parsed JSON: a {@code String}, a {@code Number} (integers as
     *            {@code Integer}, {@code Long} or {@code BigInteger}, decimals as {@code BigDecimal} or
     *            {@code Double}), a {@code Boolean}, a {@code java.util.List} or a {@code java.util.Map}
     * @param definition the attribute the value is for (its options, for list types)
     * @return the value to store; the {@link Stored} factories check the column limits
     * @throws InvalidValueException when the value does not fit, with the reason for the client
     */
    Stored parse(Object jsonValue, AttributeDefinitionView definition) throws InvalidValueException;

    /**
     * The JSON form of a stored value, as clients read it: a {@code String}, {@code Number},
     * {@code Boolean}, or a {@code List} or {@code Map} of these. Parsing the answer again must give the
     * same stored value. Its JSON text must be at most {@value Stored#MAX_RAW} characters, because it is
     * also kept as is, to show the value while the type is not installed.
     */
    Object format(Stored stored, AttributeDefinitionView definition);
}
