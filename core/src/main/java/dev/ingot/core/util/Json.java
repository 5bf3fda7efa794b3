package dev.ingot.core.util;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.ingot.core.DamagedFileException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The one JSON mapper: pretty output, stable order, records supported,
 * instants as ISO-8601 text. Missing primitives and unknown enum values in a
 * state file are errors, not silent zeros.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .registerModule(new SimpleModule("ingot-time")
                    .addSerializer(Instant.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(Instant value, JsonGenerator gen, SerializerProvider p) throws IOException {
                            gen.writeString(value.toString());
                        }
                    })
                    .addDeserializer(Instant.class, new JsonDeserializer<>() {
                        @Override
                        public Instant deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
                            try {
                                return Instant.parse(parser.getValueAsString());
                            } catch (RuntimeException e) {
                                throw ctx.weirdStringException(parser.getValueAsString(), Instant.class, "not an ISO-8601 instant");
                            }
                        }
                    }));

    private Json() {
    }

    /** Reads a typed file; a file that is not what it should be becomes an error naming it. */
    public static <T> T read(Path file, Class<T> type, String what) throws DamagedFileException, IOException {
        byte[] bytes = Files.readAllBytes(file);
        return parse(bytes, file, type, what);
    }

    public static <T> T parse(byte[] bytes, Path file, Class<T> type, String what) throws DamagedFileException {
        try {
            T value = MAPPER.readValue(bytes, type);
            if (value == null) throw new IOException("empty");
            return value;
        } catch (IOException | RuntimeException e) {
            throw new DamagedFileException(file, what, e);
        }
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON for " + value.getClass().getSimpleName(), e);
        }
    }
}
