package dev.ingot.core.java;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.TreeSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RuntimeCacheTest {
    private static final Jdk JDK25 = new Jdk(Path.of("/usr/lib/jvm/jdk-25"), "25.0.3", 25);

    private static TreeSet<String> modules(String... names) {
        return new TreeSet<>(List.of(names));
    }

    @Test
    void key_sameJdkAndModules_inAnyOrder_isTheSame() {
        assertThat(RuntimeCache.key(JDK25, modules("java.base", "jdk.httpserver")))
                .isEqualTo(RuntimeCache.key(JDK25, modules("jdk.httpserver", "java.base")));
    }

    @Test
    void key_startsWithTheFeatureRelease() {
        assertThat(RuntimeCache.key(JDK25, modules("java.base"))).startsWith("25-").hasSize("25-".length() + 16);
    }

    @Test
    void key_changesWithModules() {
        assertThat(RuntimeCache.key(JDK25, modules("java.base")))
                .isNotEqualTo(RuntimeCache.key(JDK25, modules("java.base", "java.sql")));
    }

    @Test
    void key_changesWithJdkVersionOrPlace() {
        String base = RuntimeCache.key(JDK25, modules("java.base"));
        assertThat(RuntimeCache.key(new Jdk(JDK25.home(), "25.0.4", 25), modules("java.base"))).isNotEqualTo(base);
        assertThat(RuntimeCache.key(new Jdk(Path.of("/opt/other-jdk"), "25.0.3", 25), modules("java.base"))).isNotEqualTo(base);
    }

    @Test
    void jdkFeature_parsesOldAndNewVersionStrings() {
        assertThat(Jdk.feature("25.0.3")).isEqualTo(25);
        assertThat(Jdk.feature("1.8.0_402")).isEqualTo(8);
        assertThat(Jdk.feature("21")).isEqualTo(21);
        assertThat(Jdk.feature("")).isZero();
    }
}
