package io.rapport.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.stream.Collectors;

import javax.ws.rs.Consumes;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.ext.MessageBodyReader;
import javax.ws.rs.ext.MessageBodyWriter;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsMediaType;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.rapport.platform.api.ProblemException;
import io.rapport.platform.errors.DomainException;
import io.rapport.platform.api.RestApi;
import io.rapport.platform.json.Json;

/** JSON in and out of the {@code rapport} application (and of the default one), as a whiteboard extension. */
@Component(service = { MessageBodyReader.class, MessageBodyWriter.class })
@JaxrsExtension
@JaxrsName(JsonProvider.NAME)
@JaxrsMediaType(MediaType.APPLICATION_JSON)
@JaxrsApplicationSelect(JsonProvider.APPLICATIONS)
@Consumes({ MediaType.APPLICATION_JSON, RestApi.MERGE_PATCH_JSON, "application/*+json" })
@Produces({ MediaType.APPLICATION_JSON, RestApi.PROBLEM_JSON, "application/*+json" })
public class JsonProvider implements MessageBodyReader<Object>, MessageBodyWriter<Object> {
    private static final Logger LOG = LoggerFactory.getLogger(JsonProvider.class);
    static final String NAME = "rapport.json";
    /** The API and the default application (whose errors are problems too). */
    static final String APPLICATIONS = "(|" + RestApi.APPLICATION_SELECT + "(osgi.jaxrs.name=.default))";

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return isJson(mediaType) && type != String.class && !InputStream.class.isAssignableFrom(type);
    }

    @Override
    public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> httpHeaders, InputStream entityStream) throws IOException {
        // The HTTP front has read the body whole under its limit: it is in memory here. Parsing it strictly
        // (UTF-8, depth, sizes, surrogates, numbers) gives a tree; mapping the tree to the type names fields.
        JsonNode tree;
        try {
            tree = Json.readTree(entityStream);
        } catch (IOException e) {
            DomainException problem = ProblemMapper.problemIn(e);
            if (problem != null) {
                throw problem; // the body's limit or deadline, met while it streamed
            }
            throw e;
        }
        if (tree.isNull()) {
            throw new ProblemException(400, "Malformed JSON", "The body is the JSON null; send a JSON object.");
        }
        JavaType javaType = Json.MAPPER.getTypeFactory().constructType(genericType);
        try {
            return Json.MAPPER.readerFor(javaType).readValue(tree);
        } catch (UnrecognizedPropertyException e) {
            String field = path(e);
            throw ProblemException.invalid(field, "unknown field; allowed fields are "
                    + e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")));
        } catch (InvalidFormatException e) {
            throw ProblemException.invalid(path(e), "cannot be read from " + describe(e.getValue()));
        } catch (MismatchedInputException e) {
            String field = path(e);
            if (field.isEmpty()) {
                throw new ProblemException(400, "Malformed JSON", "The body must be a JSON "
                        + (java.util.Map.class.isAssignableFrom(type) ? "object" : "value of the documented shape") + ".");
            }
            throw ProblemException.invalid(field, "has the wrong JSON type");
        } catch (JsonProcessingException e) {
            throw Json.malformed(e);
        }
    }

    private static String path(MismatchedInputException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String describe(Object value) {
        String shown = io.rapport.platform.api.Problem.cut(String.valueOf(value), 100);
        return value instanceof String ? "the string \"" + shown + "\"" : shown;
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        // a String or bytes are the answer as they are (JSON text a resource made itself), not a value to quote
        return isJson(mediaType) && !InputStream.class.isAssignableFrom(type) && type != String.class && type != byte[].class;
    }

    @Override
    public void writeTo(Object value, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream) throws IOException {
        try {
            Json.MAPPER.writeValue(new NonClosingOutputStream(entityStream), value);
        } catch (IOException e) {
            if (!ProblemMapper.clientGone(e)) {
                throw e;
            }
            // The client hung up mid-answer (a closed tab, a load generator stopping): nothing failed
            // here, so this is no error to log or to map to a 500 that nobody would read.
            LOG.debug("The client closed the connection before the answer was written: {}", e.toString());
        }
    }

    private static boolean isJson(MediaType mediaType) {
        return mediaType != null && ("json".equalsIgnoreCase(mediaType.getSubtype())
                || mediaType.getSubtype().toLowerCase().endsWith("+json"));
    }

    /** The container owns the response stream; Jackson must not close it. */
    private static final class NonClosingOutputStream extends java.io.FilterOutputStream {
        NonClosingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
