package dev.ingot.core.util;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RandomHexTest {
    @Test
    void givesTwoHexDigitsPerByte_andNoRepeats() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = RandomHex.of(6);
            assertThat(id).matches("[0-9a-f]{12}");
            seen.add(id);
        }
        assertThat(seen).hasSize(1000);
        assertThat(RandomHex.of(4)).matches("[0-9a-f]{8}");
    }
}
