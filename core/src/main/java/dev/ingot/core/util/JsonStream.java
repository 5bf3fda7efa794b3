package dev.ingot.core.util;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading and writing the files every `ingot run` touches (the image
 * manifest, the instance state) with Jackson's streaming parser and
 * generator instead of {@link Json}'s object mapper: setting that mapper up
 * for a type costs a few hundred milliseconds of a short-lived CLI, the
 * streaming API next to nothing. The rules are {@link Json}'s: unknown
 * fields are skipped, an explicit null for a number is an error, an absent
 * number is 0, and output is the mapper's indented form, byte for byte.
 */
public final class JsonStream {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonStream() {
    }

    /** Reads each field of one object; what it does not take must be skipped with {@link #skip}. */
    @FunctionalInterface
    public interface Fields {
        void field(String name, JsonParser p) throws IOException;
    }

    /** Reads one value at the parser's current token. */
    @FunctionalInterface
    public interface Value<T> {
        T read(JsonParser p) throws IOException;
    }

    /** Writes a whole document. */
    @FunctionalInterface
    public interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    /** Parses a document that is one object; anything after it is an error. */
    public static <T> T parse(byte[] bytes, Value<T> object) throws IOException {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            if (p.nextToken() == null) throw new IOException("empty");
            T value = object.read(p);
            if (p.nextToken() != null) throw new IOException("more after the end of the object, at " + p.currentLocation());
            return value;
        }
    }

    /** The indented JSON {@link Json#bytes} would write for the same value. */
    public static byte[] bytes(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            writer.write(g);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
        return out.toByteArray();
    }

    /** Reads the object at the current token, field by field; null is an error (a required object). */
    public static void object(JsonParser p, Fields fields) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) throw unexpected(p, "an object");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            fields.field(name, p);
        }
        if (p.currentToken() != JsonToken.END_OBJECT) throw unexpected(p, "the end of an object");
    }

    /** Skips the value at the current token (an unknown field). */
    public static void skip(JsonParser p) throws IOException {
        p.skipChildren();
    }

    /** An object value, or null for JSON null. */
    public static <T> T nullable(JsonParser p, Value<T> object) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : object.read(p);
    }

    public static String string(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) return null;
        if (p.currentToken() != JsonToken.VALUE_STRING) throw unexpected(p, "a string");
        return p.getText();
    }

    public static long longValue(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) throw unexpected(p, "a whole number");
        return p.getLongValue();
    }

    public static int intValue(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) throw unexpected(p, "a whole number");
        return p.getIntValue();
    }

    public static boolean booleanValue(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) throw unexpected(p, "true or false");
        return t == JsonToken.VALUE_TRUE;
    }

    public static Instant instant(JsonParser p) throws IOException {
        String text = string(p);
        if (text == null) return null;
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            throw new IOException("'" + text + "' is not an ISO-8601 instant, at " + p.currentLocation());
        }
    }

    /** A list, or null for JSON null. */
    public static <T> List<T> list(JsonParser p, Value<T> element) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) return null;
        if (p.currentToken() != JsonToken.START_ARRAY) throw unexpected(p, "a list");
        List<T> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == null) throw unexpected(p, "the end of a list");
            out.add(element.read(p));
        }
        return out;
    }

    /** An object of strings, or null for JSON null. */
    public static Map<String, String> stringMap(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) return null;
        Map<String, String> out = new LinkedHashMap<>();
        object(p, (name, v) -> out.put(name, string(v)));
        return out;
    }

    public static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) g.writeString(v);
        g.writeEndArray();
    }

    /** A value a record's compact constructor refused, as a parse error with its reason. */
    public static IOException refused(RuntimeException e) {
        return new IOException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }

    private static IOException unexpected(JsonParser p, String wanted) {
        return new IOException("expected " + wanted + " but found " + p.currentToken() + ", at " + p.currentLocation());
    }
}
