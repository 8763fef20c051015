package io.rapport.platform.json;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.rapport.platform.errors.InvalidException;
import io.rapport.platform.errors.DomainException;

/**
 * The one JSON mapping of Rapport: snake_case names, ISO 8601 timestamps, unknown fields and trailing
 * tokens rejected, decimals as {@link BigDecimal}. Its parser is bounded ({@link #MAX_DEPTH},
 * {@link #MAX_STRING_CHARS}, {@link #MAX_NUMBER_DIGITS}, {@link #MAX_NAME_CHARS}): what a client sends
 * cannot make the server recurse, allocate or answer without limit.
 * <p>
 * Input from clients is read with {@link #readTree(byte[])}, which adds what Jackson does not check:
 * the bytes must be valid UTF-8 (no overlong forms, no encoded surrogates), strings must not hold lone
 * surrogates (from {@code \ud800} escapes), and a number written with an exponent must not stand for more
 * than {@link #MAX_NUMBER_DIGITS} digits written out ({@code 1e40000000} is 10 characters but 40 million
 * digits once printed).
 */
public final class Json {
    /** Deepest nesting of objects and lists accepted. */
    public static final int MAX_DEPTH = 64;
    /** Longest string accepted, in characters. */
    public static final int MAX_STRING_CHARS = 1024 * 1024;
    /** Longest field name accepted, in characters. */
    public static final int MAX_NAME_CHARS = 1000;
    /** Most digits a number may have before or after its decimal point, written out in full. */
    public static final int MAX_NUMBER_DIGITS = 1000;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_STRING_CHARS)
                    .maxNameLength(MAX_NAME_CHARS)
                    .maxNumberLength(MAX_NUMBER_DIGITS)
                    .build())
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(4 * MAX_DEPTH).build())
            .build();

    /** The API mapping; configured once, shared, never to be reconfigured by its users. */
    public static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();

    private Json() {
    }

    /** Reads all of {@code in} (its size bounded by whoever gave it) and parses it as {@link #readTree(byte[])} does. */
    public static JsonNode readTree(InputStream in) throws IOException {
        return readTree(in.readAllBytes());
    }

    /**
     * Parses a client's JSON strictly; every way it fails is a 400 that says what to fix (and, for a
     * value, which field). An empty body is a 400 too.
     */
    public static JsonNode readTree(byte[] body) {
        String text = utf8(body, "The body");
        if (text.isBlank()) {
            throw bodyProblem("Missing body", "This request needs a JSON body.");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
        check(tree);
        return tree;
    }

    /** The text of {@code bytes}, which must be valid UTF-8; {@code what} names them in the 400 otherwise. */
    public static String utf8(byte[] bytes, String what) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw bodyProblem("Invalid encoding", what + " is not valid UTF-8 (at byte " + firstInvalidByte(bytes)
                    + "): send text as UTF-8, without overlong forms or encoded surrogates.");
        }
    }

    /** A 400 for JSON that does not parse, with where and why; a limit that was passed says which. */
    public static InvalidException malformed(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        String where = loc != null && loc.getLineNr() > 0 ? " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")" : "";
        if (e instanceof StreamConstraintsException) {
            return bodyProblem("JSON too large", "The body passes a limit" + where + ": " + limitText(e.getOriginalMessage())
                    + ". Limits: nesting depth " + MAX_DEPTH + ", strings " + MAX_STRING_CHARS + " characters, field names "
                    + MAX_NAME_CHARS + " characters, numbers " + MAX_NUMBER_DIGITS + " digits.");
        }
        String why = e.getOriginalMessage();
        if (why != null && why.length() > 200) {
            why = why.substring(0, 200) + "…";
        }
        return bodyProblem("Malformed JSON", "The body is not valid JSON" + where + ": " + why);
    }

    /** A 400 whose field at fault is the body as a whole. */
    private static InvalidException bodyProblem(String title, String detail) {
        return new InvalidException(title, detail, java.util.List.of(new io.rapport.platform.api.FieldError("body", detail)));
    }

    /**
     * Checks a parsed value for what the parser lets through: lone surrogates in strings and numbers too
     * large to write out. Throws a 400 naming the field.
     */
    public static void check(JsonNode tree) {
        Deque<Map.Entry<String, JsonNode>> todo = new ArrayDeque<>();
        todo.push(Map.entry("", tree));
        while (!todo.isEmpty()) {
            Map.Entry<String, JsonNode> e = todo.pop();
            String path = e.getKey();
            JsonNode node = e.getValue();
            if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> f = it.next();
                    String name = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
                    if (hasLoneSurrogate(f.getKey())) {
                        throw new InvalidException(shown(name), "the field name holds a lone surrogate (\\ud800-\\udfff without its pair); send valid Unicode");
                    }
                    todo.push(Map.entry(name, f.getValue()));
                }
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    todo.push(Map.entry(path + "[" + i + "]", node.get(i)));
                }
            } else if (node.isTextual()) {
                if (hasLoneSurrogate(node.textValue())) {
                    throw new InvalidException(fieldOrBody(path), "holds a lone surrogate (\\ud800-\\udfff without its pair); send valid Unicode");
                }
            } else if (node.isBigDecimal() && !fitsWrittenOut(node.decimalValue())) {
                throw new InvalidException(fieldOrBody(path), "is a number with more than " + MAX_NUMBER_DIGITS
                        + " digits before or after its decimal point once written out; send a smaller or less precise number");
            }
        }
    }

    /** Whether a number has at most {@link #MAX_NUMBER_DIGITS} digits before and after its point, written out. */
    public static boolean fitsWrittenOut(BigDecimal value) {
        long scale = value.scale();
        long integerDigits = (long) value.precision() - scale;
        return scale <= MAX_NUMBER_DIGITS && integerDigits <= MAX_NUMBER_DIGITS;
    }

    /** Whether {@code s} holds a UTF-16 surrogate that is not part of a pair. */
    public static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static String fieldOrBody(String path) {
        return path.isEmpty() ? "body" : shown(path);
    }

    /** A field path as it may be echoed: a client-chosen name could be long. */
    private static String shown(String path) {
        return path.length() > 200 ? path.substring(0, 200) + "…" : path;
    }

    private static String limitText(String message) {
        if (message == null) {
            return "a limit";
        }
        // Jackson's text names its own settings ("use StreamReadConstraints.maxNestingDepth..."): keep the first sentence
        int cut = message.indexOf(" (");
        String first = cut > 0 ? message.substring(0, cut) : message;
        return first.length() > 200 ? first.substring(0, 200) + "…" : first;
    }

    private static long firstInvalidByte(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(Math.max(16, bytes.length));
        var result = decoder.decode(in, out, true);
        return result.isError() ? in.position() : bytes.length;
    }
}
