package dev.ingot.core.util;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * Writing the files every `ingot run` writes (the instance state) with
 * Jackson's streaming generator instead of {@link Json}'s object mapper:
 * setting that mapper up for a type costs a few hundred milliseconds of a
 * short-lived CLI, the generator next to nothing. The output is the
 * mapper's indented form, byte for byte. Reading is {@link JsonReader}'s.
 */
public final class JsonStream {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonStream() {
    }

    /** Writes a whole document. */
    @FunctionalInterface
    public interface Writer {
        void write(JsonGenerator g) throws IOException;
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

    public static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) g.writeString(v);
        g.writeEndArray();
    }

    /** A value a record's compact constructor refused, as a parse error with its reason. */
    public static IOException refused(RuntimeException e) {
        return new IOException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }
}
