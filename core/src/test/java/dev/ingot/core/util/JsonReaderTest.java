package dev.ingot.core.util;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonReaderTest {
    private record Doc(String s, long n, int i, boolean b, List<String> l, Map<String, String> m) {}

    private static Doc read(String json) throws IOException {
        return JsonReader.parse(json.getBytes(StandardCharsets.UTF_8), r -> {
            var f = new Object() {
                String s;
                long n;
                int i;
                boolean b;
                List<String> l;
                Map<String, String> m;
            };
            r.object((name, v) -> {
                switch (name) {
                    case "s" -> f.s = v.string();
                    case "n" -> f.n = v.longValue();
                    case "i" -> f.i = v.intValue();
                    case "b" -> f.b = v.booleanValue();
                    case "l" -> f.l = v.list(JsonReader::string);
                    case "m" -> f.m = v.stringMap();
                    default -> v.skip();
                }
            });
            return new Doc(f.s, f.n, f.i, f.b, f.l, f.m);
        });
    }

    @Test
    void readsWhatJsonAllows_andWhatTheMapperWrites() throws Exception {
        Doc d = read(" {\n  \"s\" : \"a\\\"b\\\\c\\/\\n\\t\\u00e9\\u20ac é\",\r\n \"n\" : -9007199254740993, \"i\":7,"
                + "\"b\":true, \"l\" : [ \"x\", null ], \"m\" : { \"k\" : \"v\", \"z\" : null },"
                + " \"later\" : {\"a\" : [1.5e3, -2E-2, 0.0, {\"deep\" : [[], {}]}, \"s\\\"}\", false, null]} }\n");
        List<String> withNull = new ArrayList<>();
        withNull.add("x");
        withNull.add(null);
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("k", "v");
        m.put("z", null);
        assertThat(d).isEqualTo(new Doc("a\"b\\c/\n\té€ é", -9007199254740993L, 7, true, withNull, m));
        assertThat(read("{}")).isEqualTo(new Doc(null, 0, 0, false, null, null));
        assertThat(read("{\"s\" : null, \"l\" : [], \"m\" : {}}")).isEqualTo(new Doc(null, 0, 0, false, List.of(), Map.of()));
    }

    @Test
    void refusesWhatIsNotJson_orNotTheType() {
        for (String bad : List.of("", "  ", "null", "[]", "{", "{\"s\"}", "{\"s\" \"x\"}", "{\"s\" : \"x\",}", "{\"s\" : \"x\"} {}",
                "{\"s\" : \"x\" \"n\" : 1}", "{\"n\" : 1.5}", "{\"n\" : 1e3}", "{\"n\" : null}", "{\"n\" : \"1\"}",
                "{\"n\" : 99999999999999999999}", "{\"i\" : 2147483648}", "{\"b\" : 1}", "{\"b\" : nul}", "{\"s\" : \"\\q\"}",
                "{\"s\" : \"\\u12\"}", "{\"s\" : \"abc", "{\"l\" : [\"x\" \"y\"]}", "{\"l\" : [\"x\",]}", "{\"later\" : truex}",
                "{\"later\" : [1, }", "{s : 1}")) {
            assertThatThrownBy(() -> read(bad)).as(bad).isInstanceOf(IOException.class);
        }
    }
}
