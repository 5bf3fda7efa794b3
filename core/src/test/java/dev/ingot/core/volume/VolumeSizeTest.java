package dev.ingot.core.volume;

import dev.ingot.core.UsageException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VolumeSizeTest {
    @Test
    void parse_units() throws Exception {
        assertThat(VolumeSize.parse("64M")).isEqualTo(64L << 20);
        assertThat(VolumeSize.parse("2g")).isEqualTo(2L << 30);
        assertThat(VolumeSize.parse("1GiB")).isEqualTo(1L << 30);
        assertThat(VolumeSize.parse("2048K")).isEqualTo(2L << 20);
        assertThat(VolumeSize.parse("1T")).isEqualTo(1L << 40);
    }

    @Test
    void parse_refusesBadAndOutOfRange() {
        for (String bad : new String[]{"", "64", "M", "12Q", "-1M", "0M", "1.5G", "99999999999999999999M"}) {
            assertThatThrownBy(() -> VolumeSize.parse(bad)).as(bad).isInstanceOf(UsageException.class)
                    .hasMessageContaining("bad volume size");
        }
        assertThatThrownBy(() -> VolumeSize.parse("512K")).hasMessageContaining("out of range: use 1M to 1T");
        assertThatThrownBy(() -> VolumeSize.parse("2T")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> VolumeSize.parse("1536K")).hasMessageContaining("whole number of MiB");
    }
}
