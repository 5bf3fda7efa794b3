package dev.ingot.core.volume;

import dev.ingot.core.UsageException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VolumeMountTest {
    @Test
    void parse_nameAndPath() throws Exception {
        assertThat(VolumeMount.parse("data:/data", "-v")).isEqualTo(new VolumeMount("data", "/data"));
        assertThat(VolumeMount.parse("db.1:/var/lib/db_x", "-v").path()).isEqualTo("/var/lib/db_x");
    }

    @Test
    void parse_refusesWhatTheKernelCommandLineCannotCarry() {
        for (String bad : new String[]{"data", ":/data", "data:", "data:rel", "data:/a b", "data:/a,b", "data:/a:b",
                "data:/", "data:/a/../b", "data:/a/..", "data:/a/.", "../x:/data"}) {
            assertThatThrownBy(() -> VolumeMount.parse(bad, "-v")).as(bad).isInstanceOf(UsageException.class);
        }
    }

    @Test
    void parse_refusesTheKernelsOwnPaths() throws Exception {
        for (String bad : new String[]{"d:/proc", "d:/dev/x", "d:/sys", "d:/tmp", "d:/.ingot"}) {
            assertThatThrownBy(() -> VolumeMount.parse(bad, "-v")).as(bad).hasMessageContaining("which the kernel owns");
        }
        assertThat(VolumeMount.parse("d:/tmpdata", "-v").path()).isEqualTo("/tmpdata");
    }
}
