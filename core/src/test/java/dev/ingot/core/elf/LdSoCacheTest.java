package dev.ingot.core.elf;

import dev.ingot.core.testing.CPrograms;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class LdSoCacheTest {
    @Test
    void lookup_agreesWithLdconfig() throws Exception {
        LdSoCache cache = LdSoCache.load(Path.of("/etc/ld.so.cache"));
        String listing = CPrograms.output(List.of("/sbin/ldconfig", "-p"));
        // lines like: "\tlibc.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libc.so.6"
        Matcher m = Pattern.compile("\\t(\\S+) \\(libc6,x86-64\\) => (\\S+)").matcher(listing);
        int checked = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (m.find()) {
            if (!seen.add(m.group(1))) continue; // ldconfig -p lists the preferred entry first
            assertThat(cache.lookup(m.group(1))).as(m.group(1)).contains(m.group(2));
            checked++;
        }
        assertThat(checked).isGreaterThan(10);
        assertThat(cache.size()).isEqualTo(checked);
    }

    @Test
    void load_garbageIsEmpty() {
        assertThat(LdSoCache.parse("not a cache at all, not at all, not at all......".getBytes())).isEmpty();
        assertThat(LdSoCache.load(Path.of("/nonexistent")).size()).isZero();
    }
}
