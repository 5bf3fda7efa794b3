package dev.ingot.core.elf;

import dev.ingot.core.IngotException;
import dev.ingot.core.testing.CPrograms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.ingot.core.elf.ElfBytes.DYNAMIC_AT;
import static dev.ingot.core.elf.ElfBytes.P_FILESZ;
import static dev.ingot.core.elf.ElfBytes.P_OFFSET;
import static dev.ingot.core.elf.ElfBytes.P_VADDR;
import static dev.ingot.core.elf.ElfBytes.phdrField;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * ELF files that lie: each must give one clear IngotException naming the
 * file, never another exception and never a hang. And files whose section
 * headers are gone or wrong must still be read, as ld.so reads them.
 */
class ElfHostileTest {
    @TempDir Path dir;
    private final ElfInspector inspector = new ElfInspector();
    private int serial;

    private Path write(byte[] bytes) throws Exception {
        return Files.write(dir.resolve("f" + serial++), bytes);
    }

    /** The file must be refused with a message naming it and containing what. */
    private void refused(byte[] bytes, String what) throws Exception {
        Path f = write(bytes);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                assertThatThrownBy(() -> inspector.inspectProgram(f)).isExactlyInstanceOf(IngotException.class)
                        .hasMessageStartingWith(f + " is a corrupt ELF file: ").hasMessageContaining(what)
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n")));
    }

    /** Either read or refused with an IngotException; nothing else, and promptly. */
    private void readOrRefused(byte[] bytes) throws Exception {
        Path f = write(bytes);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                inspector.inspectProgram(f);
            } catch (IngotException expected) {
                assertThat(expected.getMessage()).startsWith(f.toString());
            }
        });
    }

    @Test
    void synthetic_wellFormed_isRead() throws Exception {
        ElfInfo info = inspector.inspectProgram(write(new ElfBytes().build()));
        assertThat(info.kind()).isEqualTo(ElfKind.DYNAMIC);
        assertThat(info.interpreter()).isEqualTo("/lib64/ld-linux-x86-64.so.2");
        assertThat(info.needed()).containsExactly("libc.so.6");
        assertThat(info.runpath()).containsExactly("$ORIGIN/lib");
    }

    @Test
    void realBinary_sectionHeadersStripped_stillListsItsLibraries() throws Exception {
        byte[] b = Files.readAllBytes(CPrograms.compile(dir, "d", CPrograms.HELLO, "-Wl,--no-as-needed", "-lm"));
        long shoff = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(40);
        Arrays.fill(b, (int) shoff, b.length, (byte) 0); // the section header table, gone
        ElfBytes.putLong(b, 40, 0);
        ElfBytes.putShort(b, 60, 0);
        ElfBytes.putShort(b, 62, 0);
        ElfInfo info = inspector.inspectProgram(write(b));
        assertThat(info.needed()).containsExactly("libm.so.6", "libc.so.6");
        assertThat(info.interpreter()).isEqualTo("/lib64/ld-linux-x86-64.so.2");
    }

    @Test
    void realBinary_sectionHeadersLying_areIgnored() throws Exception {
        byte[] b = Files.readAllBytes(CPrograms.compile(dir, "l", CPrograms.HELLO));
        ElfBytes.putLong(b, 40, Long.MAX_VALUE - 3); // e_shoff far past the end
        ElfBytes.putShort(b, 60, 0xffff);            // e_shnum
        ElfBytes.putShort(b, 62, 0xfffe);            // e_shstrndx
        assertThat(inspector.inspectProgram(write(b)).needed()).containsExactly("libc.so.6");
    }

    @Test
    void truncated_atEveryLength() throws Exception {
        byte[] whole = new ElfBytes().build();
        for (int len = 0; len < whole.length; len++) readOrRefused(Arrays.copyOf(whole, len));
        refused(Arrays.copyOf(whole, 40), "truncated ELF header");
        refused(Arrays.copyOf(whole, 100), "program headers");
        refused(Arrays.copyOf(whole, DYNAMIC_AT + 8), "past the end of the file");
    }

    @Test
    void truncated_realBinary() throws Exception {
        byte[] whole = Files.readAllBytes(CPrograms.compile(dir, "t", CPrograms.HELLO));
        for (int len = 0; len < whole.length; len += 97) readOrRefused(Arrays.copyOf(whole, len));
    }

    @Test
    void offsetsPastTheEnd() throws Exception {
        for (long phoff : new long[]{ElfBytes.SIZE, ElfBytes.SIZE - 8, -1, Long.MIN_VALUE, Long.MAX_VALUE}) {
            byte[] b = new ElfBytes().build();
            ElfBytes.putLong(b, 32, phoff);
            refused(b, "program headers");
        }
        byte[] interp = new ElfBytes().build();
        ElfBytes.putLong(interp, phdrField(0, P_OFFSET), 1L << 40);
        refused(interp, "interpreter path");
        byte[] dyn = new ElfBytes().build();
        ElfBytes.putLong(dyn, phdrField(2, P_VADDR), 0x7fff_0000L);
        refused(dyn, "dynamic array (PT_DYNAMIC) at address 0x7fff0000 is not inside any loaded segment");
        byte[] load = new ElfBytes().build();
        ElfBytes.putLong(load, phdrField(1, P_OFFSET), -4096); // the one PT_LOAD claims a negative file offset
        refused(load, "not inside any loaded segment");
        byte[] strtab = new ElfBytes().build();
        ElfBytes.putLong(strtab, DYNAMIC_AT + 2 * 16 + 8, 0xdead_0000L); // DT_STRTAB's address
        refused(strtab, "string table (DT_STRTAB)");
        byte[] name = new ElfBytes().build();
        ElfBytes.putLong(name, DYNAMIC_AT + 8, 4000); // DT_NEEDED's string offset
        refused(name, "lies past the string table");
    }

    @Test
    void hugeCounts() throws Exception {
        byte[] xnum = new ElfBytes().build();
        ElfBytes.putShort(xnum, 56, 0xffff);
        refused(xnum, "PN_XNUM");
        byte[] many = new ElfBytes().build();
        ElfBytes.putShort(many, 56, 0xfffe);
        refused(many, "more than loaders accept");
        byte[] pastEnd = new ElfBytes().build();
        ElfBytes.putShort(pastEnd, 56, 200);
        refused(pastEnd, "program headers");
        byte[] entsize = new ElfBytes().build();
        ElfBytes.putShort(entsize, 54, 32);
        refused(entsize, "entry size is 32");
        byte[] dynSize = new ElfBytes().build();
        ElfBytes.putLong(dynSize, phdrField(2, P_FILESZ), 1L << 62);
        refused(dynSize, "dynamic array (PT_DYNAMIC)");
        byte[] interpSize = new ElfBytes().build();
        ElfBytes.putLong(interpSize, phdrField(0, P_FILESZ), -1);
        refused(interpSize, "PT_INTERP has a size of 18446744073709551615 bytes");
        byte[] strsz = new ElfBytes().build();
        ElfBytes.putLong(strsz, DYNAMIC_AT + 3 * 16 + 8, Long.MAX_VALUE); // DT_STRSZ
        refused(strsz, "string table (DT_STRTAB)");
    }

    @Test
    void missingTerminators() throws Exception {
        ElfBytes noNull = new ElfBytes();
        byte[] b = noNull.build();
        ElfBytes.putLong(b, DYNAMIC_AT + 4 * 16, 0x6fff_fff0L); // DT_NULL becomes DT_VERSYM; filesz ends the array
        refused(b, "no DT_NULL end");
        byte[] interp = new ElfBytes().build();
        interp[ElfBytes.INTERP_AT + "/lib64/ld-linux-x86-64.so.2".length()] = 'x'; // overwrite the interpreter's NUL
        refused(interp, "interpreter path (PT_INTERP) has no terminating NUL");
        ElfBytes tail = new ElfBytes();
        tail.runpath = null;
        byte[] t = tail.build();
        // The string table's last byte is the NUL after "libc.so.6": make it an 'x' and the table end there.
        t[ElfBytes.STRTAB_AT + 10] = 'x';
        refused(t, "no terminating NUL");
    }

    @Test
    void noStringTable_whileNamingLibraries() throws Exception {
        byte[] b = new ElfBytes().build();
        ElfBytes.putLong(b, DYNAMIC_AT + 2 * 16, 0x6fff_fff0L); // DT_STRTAB becomes DT_VERSYM
        refused(b, "no DT_STRTAB");
    }

    @Test
    void randomDamage_neverEscapesOrHangs() throws Exception {
        byte[] real = Files.readAllBytes(CPrograms.compile(dir, "r", CPrograms.HELLO));
        byte[] synthetic = new ElfBytes().build();
        Random random = new Random(20261205);
        for (int i = 0; i < 1500; i++) {
            byte[] b = (i % 2 == 0 ? real : synthetic).clone();
            int limit = i % 2 == 0 ? Math.min(b.length, 0x4000) : b.length; // headers and the dynamic array
            for (int k = 0, n = 1 + random.nextInt(8); k < n; k++) b[random.nextInt(limit)] = (byte) random.nextInt(256);
            readOrRefused(b);
        }
    }

    @Test
    void libraryCycles_andSymlinkLoops_resolveOnce() throws Exception {
        Path root = dir.resolve("root");
        Path libs = Files.createDirectories(root.resolve("lib/x86_64-linux-gnu"));
        Files.createDirectories(root.resolve("lib64"));
        Files.write(root.resolve("lib64/ld-linux-x86-64.so.2"), library(List.of()));
        Files.write(libs.resolve("liba.so"), library(List.of("libb.so", "liba.so")));
        Files.write(libs.resolve("libb.so"), library(List.of("liba.so", "libloop.so")));
        Files.createSymbolicLink(libs.resolve("libloop.so"), Path.of("libloop.so")); // a link to itself, searched first
        Files.write(root.resolve("lib64/libloop.so"), library(List.of("libb.so")));
        ElfBytes prog = new ElfBytes();
        prog.needed = List.of("liba.so");
        prog.runpath = null;
        ElfInfo info = inspector.inspectProgram(write(prog.build()));
        LibraryResolver resolver = new LibraryResolver(inspector, LdSoCache.empty(), List.of(), root);
        List<ResolvedLibrary> found = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> resolver.resolve(info, "/app/p"));
        assertThat(found).extracting(ResolvedLibrary::imagePath).containsExactly("/lib64/ld-linux-x86-64.so.2",
                "/lib/x86_64-linux-gnu/liba.so", "/lib/x86_64-linux-gnu/libb.so", "/lib64/libloop.so");
    }

    private static byte[] library(List<String> needed) {
        ElfBytes b = new ElfBytes();
        b.needed = needed;
        b.runpath = null;
        return b.build();
    }
}
