package dev.ingot.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * kernel/include/ingot/abi.h, which both guests compile in, and GuestAbi,
 * which the toolchain uses, say the same thing: the same names (INGOT_X is
 * X) with the same values, none missing on either side.
 */
class GuestAbiTest {
    static final Path HEADER = Path.of("kernel", "include", "ingot", "abi.h");
    private static final Pattern DEFINE = Pattern.compile("^#define\\s+(INGOT_\\w+)(?:\\s+(.*?))?\\s*(?:/\\*.*)?$");
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern NUMBER = Pattern.compile("(0[xX][0-9a-fA-F]+|\\d+)");

    /** The repository's copy of the header, found from the module directory Maven runs tests in. */
    static Path header() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(HEADER))) return d.resolve(HEADER);
        }
        throw new AssertionError(HEADER + " not found above " + Path.of("").toAbsolutePath());
    }

    /** INGOT_X constants (without the prefix) to their values: Integer or String. */
    static Map<String, Object> parse(String text) {
        Map<String, Object> out = new TreeMap<>();
        for (String line : text.split("\n")) {
            Matcher m = DEFINE.matcher(line.strip());
            if (!m.matches()) continue;
            String name = m.group(1);
            if (name.equals("INGOT_ABI_H")) continue; // the include guard
            String value = m.group(2) == null ? "" : m.group(2).strip();
            Matcher s = STRING.matcher(value);
            Matcher n = NUMBER.matcher(value);
            Object v;
            if (s.matches()) v = s.group(1).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
            else if (n.matches()) v = Integer.decode(value);
            else throw new IllegalArgumentException(name + " is neither a number nor a string: '" + value + "'");
            if (out.put(name.substring("INGOT_".length()), v) != null) {
                throw new IllegalArgumentException(name + " is defined twice");
            }
        }
        return out;
    }

    static Map<String, Object> javaConstants() throws IllegalAccessException {
        Map<String, Object> out = new TreeMap<>();
        for (Field f : GuestAbi.class.getDeclaredFields()) {
            int mod = f.getModifiers();
            if (Modifier.isPublic(mod) && Modifier.isStatic(mod) && Modifier.isFinal(mod)) out.put(f.getName(), f.get(null));
        }
        return out;
    }

    @Test
    void header_andGuestAbi_holdTheSameConstants() throws IOException, IllegalAccessException {
        Map<String, Object> header = parse(Files.readString(header()));
        assertThat(header).as("constants parsed from %s", header()).hasSizeGreaterThan(20);
        assertThat(javaConstants()).isEqualTo(header);
    }

    @Test
    void header_isVersioned() throws IOException {
        assertThat(parse(Files.readString(header()))).containsEntry("ABI_VERSION", GuestAbi.ABI_VERSION);
    }

    @Test
    void parse_readsHexDecimalAndStrings_andIgnoresComments() {
        assertThat(parse("#define INGOT_A 0x2f8 /* COM2 */\n#define INGOT_B 24\n#define INGOT_C \"ingot.ip=\"  /* x */\n"
                + "#define OTHER 5\n"))
                .containsExactly(Map.entry("A", 0x2f8), Map.entry("B", 24), Map.entry("C", "ingot.ip="));
    }

    @Test
    void parse_refusesWhatItCannotCompare() {
        assertThatThrownBy(() -> parse("#define INGOT_X (1 << 3)\n")).hasMessageContaining("INGOT_X");
        assertThatThrownBy(() -> parse("#define INGOT_X 1\n#define INGOT_X 2\n")).hasMessageContaining("twice");
    }

    @Test
    void guestAbi_differingFromTheHeader_isCaught() throws IllegalAccessException {
        Map<String, Object> changed = new TreeMap<>(javaConstants());
        changed.put("CONTROL_PORT", 0x2e8);
        assertThat(changed).isNotEqualTo(javaConstants());
        Map<String, Object> extra = new TreeMap<>(javaConstants());
        extra.put("NEW_KEY", "ingot.new=1");
        assertThat(extra).isNotEqualTo(javaConstants());
    }
}
