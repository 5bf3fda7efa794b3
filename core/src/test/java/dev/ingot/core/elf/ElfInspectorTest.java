package dev.ingot.core.elf;

import dev.ingot.core.IngotException;
import dev.ingot.core.testing.CPrograms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ElfInspectorTest {
    @TempDir Path dir;
    private final ElfInspector inspector = new ElfInspector();

    @Test
    void inspectProgram_static() throws Exception {
        Path p = CPrograms.compile(dir, "s", CPrograms.HELLO, "-static");
        ElfInfo info = inspector.inspectProgram(p);
        assertThat(info.kind()).isEqualTo(ElfKind.STATIC);
        assertThat(info.interpreter()).isNull();
        assertThat(info.needed()).isEmpty();
    }

    @Test
    void inspectProgram_staticPie() throws Exception {
        Path p = CPrograms.compile(dir, "sp", CPrograms.HELLO, "-static-pie");
        ElfInfo info = inspector.inspectProgram(p);
        assertThat(info.kind()).isEqualTo(ElfKind.STATIC_PIE);
        assertThat(info.interpreter()).isNull();
    }

    @Test
    void inspectProgram_dynamic() throws Exception {
        Path p = CPrograms.compile(dir, "d", CPrograms.HELLO);
        ElfInfo info = inspector.inspectProgram(p);
        assertThat(info.kind()).isEqualTo(ElfKind.DYNAMIC);
        assertThat(info.interpreter()).isEqualTo("/lib64/ld-linux-x86-64.so.2");
        assertThat(info.needed()).containsExactly("libc.so.6");
    }

    @Test
    void inspectProgram_debianBinary() throws Exception {
        ElfInfo info = inspector.inspectProgram(Path.of("/usr/bin/printf"));
        assertThat(info.kind()).isEqualTo(ElfKind.DYNAMIC);
        assertThat(info.needed()).contains("libc.so.6");
    }

    @Test
    void inspectProgram_truncatedIsCorrupt() throws Exception {
        Path p = CPrograms.compile(dir, "t", CPrograms.HELLO);
        byte[] bytes = Files.readAllBytes(p);
        Path cut = dir.resolve("cut");
        Files.write(cut, Arrays.copyOf(bytes, 200));
        assertThatThrownBy(() -> inspector.inspectProgram(cut))
                .isInstanceOf(IngotException.class).hasMessageContaining("corrupt ELF");
    }

    @Test
    void inspectProgram_garbageProgramHeadersAreCorrupt() throws Exception {
        Path p = CPrograms.compile(dir, "g", CPrograms.HELLO);
        byte[] bytes = Files.readAllBytes(p);
        // e_phoff (offset 32, 8 bytes) pointing far past the end of the file
        for (int i = 32; i < 40; i++) bytes[i] = (byte) 0x7f;
        Path bad = dir.resolve("bad");
        Files.write(bad, bytes);
        assertThatThrownBy(() -> inspector.inspectProgram(bad))
                .isInstanceOf(IngotException.class).hasMessageContaining("corrupt ELF");
    }

    @Test
    void inspectProgram_notElf() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
        assertThatThrownBy(() -> inspector.inspectProgram(text))
                .isInstanceOf(IngotException.class).hasMessage(text + " is not an ELF executable");
    }

    @Test
    void inspectProgram_scriptGetsHint() throws Exception {
        Path script = Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        assertThatThrownBy(() -> inspector.inspectProgram(script)).hasMessageContaining("it is a script");
    }

    @Test
    void inspectProgram_wrongArchitecture() throws Exception {
        Path p = CPrograms.compile(dir, "a", CPrograms.HELLO);
        byte[] bytes = Files.readAllBytes(p);
        bytes[18] = (byte) 183; // EM_AARCH64
        bytes[19] = 0;
        Path arm = dir.resolve("arm");
        Files.write(arm, bytes);
        assertThatThrownBy(() -> inspector.inspectProgram(arm)).hasMessageContaining("built for aarch64, not x86-64");
    }

    @Test
    void inspectProgram_32bit() throws Exception {
        Path p = CPrograms.compile(dir, "c32", CPrograms.HELLO);
        byte[] bytes = Files.readAllBytes(p);
        bytes[4] = 1; // ELFCLASS32
        Path f = dir.resolve("c32bit");
        Files.write(f, bytes);
        assertThatThrownBy(() -> inspector.inspectProgram(f)).hasMessageContaining("32-bit ELF");
    }

    @Test
    void inspectProgram_missingAndDirectory() {
        assertThatThrownBy(() -> inspector.inspectProgram(dir.resolve("nope"))).hasMessageStartingWith("no such file");
        assertThatThrownBy(() -> inspector.inspectProgram(dir)).hasMessageContaining("is a directory");
    }

    @Test
    void inspectProgram_objectFileIsNotAProgram() throws Exception {
        Path src = Files.writeString(dir.resolve("o.c"), "int f(void){return 1;}\n");
        CPrograms.run(dir, java.util.List.of("gcc", "-c", "-o", "o.o", src.toString()));
        assertThatThrownBy(() -> inspector.inspectProgram(dir.resolve("o.o"))).hasMessageContaining("object file");
    }
}
