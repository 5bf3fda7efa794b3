package dev.ingot.core.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small pull reader for the JSON files on the path of every `ingot run`
 * (the image manifest, instance state), read into records by hand. Not
 * Jackson's streaming parser: its first use initialises java.math.BigDecimal,
 * whose static set-up alone took longer than the whole image check. It reads
 * what {@link Json}'s mapper reads for those records: unknown fields of any
 * kind are skipped, an explicit null for a number is an error, an absent
 * number is left to the caller (0), anything after the document is an error.
 */
public final class JsonReader {
    private final String text;
    private int at;

    /** Reads each field of one object; every field must be read or {@link #skip skipped}. */
    @FunctionalInterface
    public interface Fields {
        void field(String name, JsonReader r) throws IOException;
    }

    /** Reads one value. */
    @FunctionalInterface
    public interface Value<T> {
        T read(JsonReader r) throws IOException;
    }

    private JsonReader(byte[] bytes) {
        this.text = new String(bytes, StandardCharsets.UTF_8);
    }

    /** Parses a whole document with {@code root}; an empty document or anything after it is an error. */
    public static <T> T parse(byte[] bytes, Value<T> root) throws IOException {
        JsonReader r = new JsonReader(bytes);
        if (r.peek() < 0) throw new IOException("empty");
        T value = root.read(r);
        if (r.peek() >= 0) throw r.error("the end of the document");
        return value;
    }

    /** Reads an object field by field (JSON null is an error here: use {@link #nullable}). */
    public void object(Fields fields) throws IOException {
        expect('{', "an object");
        if (peek() == '}') {
            at++;
            return;
        }
        while (true) {
            if (peek() != '"') throw error("a field name");
            String name = string();
            expect(':', "':'");
            fields.field(name, this);
            int c = peek();
            at++;
            if (c == '}') return;
            if (c != ',') throw error("',' or '}'", at - 1);
        }
    }

    /** A value read by {@code value}, or null for JSON null. */
    public <T> T nullable(Value<T> value) throws IOException {
        return takeNull() ? null : value.read(this);
    }

    public String string() throws IOException {
        if (takeNull()) return null;
        expect('"', "a string");
        StringBuilder s = new StringBuilder();
        while (true) {
            if (at >= text.length()) throw error("the end of a string");
            char c = text.charAt(at++);
            if (c == '"') return s.toString();
            if (c < 0x20) throw error("no control character in a string", at - 1);
            if (c != '\\') {
                s.append(c);
                continue;
            }
            if (at >= text.length()) throw error("an escape");
            char e = text.charAt(at++);
            switch (e) {
                case '"', '\\', '/' -> s.append(e);
                case 'b' -> s.append('\b');
                case 'f' -> s.append('\f');
                case 'n' -> s.append('\n');
                case 'r' -> s.append('\r');
                case 't' -> s.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) throw error("four hex digits");
                    try {
                        s.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    } catch (NumberFormatException x) {
                        throw error("four hex digits");
                    }
                    at += 4;
                }
                default -> throw error("an escape", at - 1);
            }
        }
    }

    public long longValue() throws IOException {
        int start = skipWhitespace();
        int i = start;
        if (i < text.length() && text.charAt(i) == '-') i++;
        int digits = i;
        while (i < text.length() && Character.isDigit(text.charAt(i))) i++;
        if (i == digits || (i < text.length() && ".eE".indexOf(text.charAt(i)) >= 0)) throw error("a whole number", start);
        try {
            long v = Long.parseLong(text, start, i, 10);
            at = i;
            return v;
        } catch (NumberFormatException e) {
            throw error("a whole number in range", start);
        }
    }

    public int intValue() throws IOException {
        int start = skipWhitespace();
        long v = longValue();
        if (v != (int) v) throw error("a whole number in range", start);
        return (int) v;
    }

    public boolean booleanValue() throws IOException {
        if (literal("true")) return true;
        if (literal("false")) return false;
        throw error("true or false");
    }

    public Instant instant() throws IOException {
        int start = skipWhitespace();
        String s = string();
        if (s == null) return null;
        try {
            return Instant.parse(s);
        } catch (RuntimeException e) {
            throw error("an ISO-8601 instant, not '" + s + "',", start);
        }
    }

    /** A list, or null for JSON null. */
    public <T> List<T> list(Value<T> element) throws IOException {
        if (takeNull()) return null;
        expect('[', "a list");
        List<T> out = new ArrayList<>();
        if (peek() == ']') {
            at++;
            return out;
        }
        while (true) {
            out.add(element.read(this));
            int c = peek();
            at++;
            if (c == ']') return out;
            if (c != ',') throw error("',' or ']'", at - 1);
        }
    }

    /** An object of strings, or null for JSON null. */
    public Map<String, String> stringMap() throws IOException {
        if (takeNull()) return null;
        Map<String, String> out = new LinkedHashMap<>();
        object((name, r) -> out.put(name, r.string()));
        return out;
    }

    /** Skips one value of any kind (an unknown field). */
    public void skip() throws IOException {
        int c = peek();
        if (c == '{') {
            object((name, r) -> r.skip());
        } else if (c == '[') {
            list(r -> {
                r.skip();
                return null;
            });
        } else if (c == '"') {
            string();
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            while (at < text.length() && "+-.eE0123456789".indexOf(text.charAt(at)) >= 0) at++;
        } else if (!literal("true") && !literal("false") && !literal("null")) {
            throw error("a value");
        }
    }

    private boolean takeNull() throws IOException {
        return literal("null");
    }

    private boolean literal(String word) {
        skipWhitespace();
        if (!text.startsWith(word, at)) return false;
        int end = at + word.length();
        if (end < text.length() && Character.isLetterOrDigit(text.charAt(end))) return false;
        at = end;
        return true;
    }

    private void expect(char c, String what) throws IOException {
        if (peek() != c) throw error(what);
        at++;
    }

    /** The next character that is not whitespace, or -1 at the end; does not consume it. */
    private int peek() {
        skipWhitespace();
        return at < text.length() ? text.charAt(at) : -1;
    }

    private int skipWhitespace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') break;
            at++;
        }
        return at;
    }

    private IOException error(String wanted) {
        return error(wanted, skipWhitespace());
    }

    private IOException error(String wanted, int where) {
        String found = where >= text.length() ? "the end" : "'" + text.charAt(where) + "'";
        return new IOException("expected " + wanted + " but found " + found + " at character " + where);
    }
}
