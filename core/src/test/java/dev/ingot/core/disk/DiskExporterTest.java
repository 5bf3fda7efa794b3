package dev.ingot.core.disk;

import dev.ingot.core.ConflictException;
import dev.ingot.core.IngotException;
import dev.ingot.core.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiskExporterTest {
    @TempDir Path dir;

    @Test
    void parse_knowsEveryFormat_andNamesThemWhenWrong() throws Exception {
        assertThat(ExportFormat.parse("vhd").qemuImgArgs()).containsExactly("-O", "vpc", "-o", "subformat=fixed,force_size=on");
        assertThat(ExportFormat.parse("raw").qemuImgArgs()).isEmpty();
        assertThatThrownBy(() -> ExportFormat.parse("ova")).isInstanceOf(UsageException.class)
                .hasMessage("unknown export format 'ova': use one of raw, qcow2, vmdk, vhd, vhdx, vdi, gce");
    }

    @Test
    void checkOutput_refusesAnExistingFileUnlessForced_aFolder_andAMissingFolder() throws Exception {
        Path existing = Files.writeString(dir.resolve("disk.img"), "keep me");
        assertThatThrownBy(() -> DiskExporter.checkOutput(existing, false)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("already exists").hasMessageContaining("--force");
        DiskExporter.checkOutput(existing, true);
        assertThatThrownBy(() -> DiskExporter.checkOutput(dir, true)).isInstanceOf(IngotException.class)
                .hasMessageContaining("is a folder");
        assertThatThrownBy(() -> DiskExporter.checkOutput(dir.resolve("no/such/disk.img"), false))
                .hasMessageContaining("does not exist");
        assertThat(Files.readString(existing)).isEqualTo("keep me");
    }

    @Test
    void export_raw_replacesOnlyWithForce_andLeavesNoHiddenFiles() throws Exception {
        Path raw = Files.write(dir.resolve("blob"), new byte[4096]);
        Path out = dir.resolve("out.img");
        DiskExporter.export(raw, ExportFormat.RAW, out, false);
        assertThat(Files.size(out)).isEqualTo(4096);
        assertThatThrownBy(() -> DiskExporter.export(raw, ExportFormat.RAW, out, false)).isInstanceOf(ConflictException.class);
        DiskExporter.export(raw, ExportFormat.RAW, out, true);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("blob", "out.img");
        }
    }

    @Test
    void gceSize_isWholeGibibytes() {
        assertThat(GceArchive.roundUp(3 << 20)).isEqualTo(1L << 30);
        assertThat(GceArchive.roundUp(1L << 30)).isEqualTo(1L << 30);
        assertThat(GceArchive.roundUp((1L << 30) + 512)).isEqualTo(2L << 30);
    }
}
