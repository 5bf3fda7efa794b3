package dev.ingot.core.kernel;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a loader puts in memory is the same before and after; the file only loses its zero runs. */
class ElfCompactorTest {
    private static final long BASE = 0xffffffff81000000L; // a kernel's high virtual base: negative as a long
    private static final long PHYS = 0x1000000L;

    @Test
    void compact_zeroRunsInsideAndAtTheEnd_sameMemorySmallerFile() {
        // text 8 KiB | 2 MiB zeros | rodata 4 KiB | 300 KiB zeros (trailing, in the file) + 1 MiB bss; then a note.
        byte[] seg = new byte[8192 + (2 << 20) + 4096 + 300 * 1024];
        Arrays.fill(seg, 0, 8192, (byte) 0xC3);
        Arrays.fill(seg, 8192 + (2 << 20), 8192 + (2 << 20) + 4096, (byte) 0x5A);
        seg[8192 + (2 << 20) + 17] = 0; // a zero inside content stays
        byte[] note = "Xen-note-bytes!!".getBytes();
        byte[] elf = elf(seg, seg.length + (1 << 20), note);

        byte[] out = ElfCompactor.compact(elf);

        assertThat(out.length).isLessThan(64 * 1024);
        assertThat(memory(out)).isEqualTo(memory(elf));
        assertThat(notes(out)).isEqualTo(note);
        List<ElfCompactor.Phdr> loads = ElfCompactor.programHeaders(buf(out)).stream().filter(p -> p.type() == 1).toList();
        assertThat(loads).hasSize(2);
        for (ElfCompactor.Phdr p : loads) {
            assertThat(Math.floorMod(p.offset() - p.vaddr(), 4096)).as("offset congruent to vaddr").isZero();
            assertThat(p.flags()).isEqualTo(5);
        }
        assertThat(buf(out).getLong(0x18)).as("entry").isEqualTo(buf(elf).getLong(0x18));
    }

    @Test
    void compact_gapBetweenSegments_packed() {
        // Two segments laid out as ld -z max-page-size=0x200000 does: the second at file offset 2 MiB.
        byte[] text = new byte[8192];
        Arrays.fill(text, (byte) 0x90);
        byte[] data = new byte[4096];
        Arrays.fill(data, (byte) 0x11);
        int dataOff = 2 << 20;
        ByteBuffer b = ByteBuffer.wrap(elf(text, text.length, new byte[8])).order(ByteOrder.LITTLE_ENDIAN);
        byte[] big = Arrays.copyOf(b.array(), dataOff + data.length);
        System.arraycopy(data, 0, big, dataOff, data.length);
        ByteBuffer w = ByteBuffer.wrap(big).order(ByteOrder.LITTLE_ENDIAN);
        w.putShort(0x38, (short) 3);
        w.position(64 + 2 * 56);
        w.putInt(1).putInt(6).putLong(dataOff).putLong(BASE + (2 << 20)).putLong(PHYS + (2 << 20)).putLong(data.length)
                .putLong(data.length + 8192).putLong(2 << 20);

        byte[] out = ElfCompactor.compact(big);

        assertThat(out.length).isLessThan(32 * 1024);
        assertThat(memory(out)).isEqualTo(memory(big));
    }

    @Test
    void compact_nothingToGain_returnsTheInput() {
        byte[] seg = new byte[3 * 4096];
        Arrays.fill(seg, (byte) 1);
        byte[] elf = elf(seg, seg.length, new byte[8]);
        assertThat(ElfCompactor.compact(elf)).isSameAs(elf);
    }

    @Test
    void compact_notElf_saysSo() {
        assertThatThrownBy(() -> ElfCompactor.compact(new byte[100])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an x86-64 ELF64");
    }

    /** The native kernel, when built: memory image unchanged (it has little padding, so it may stay as is). */
    @Test
    void compact_nativeKernel_sameMemory() throws IOException {
        Path kernel = Path.of(System.getProperty("ingot.dist", "..")).resolve("kernel/build/ingot-kernel");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(kernel), "make -C kernel first");
        byte[] elf = Files.readAllBytes(kernel);
        assertThat(memory(ElfCompactor.compact(elf))).isEqualTo(memory(elf));
    }

    /** paddr -> byte for every byte a loader writes (file bytes, then the zero-filled tail). */
    private static TreeMap<Long, Byte> memory(byte[] elf) {
        TreeMap<Long, Byte> m = new TreeMap<>();
        for (ElfCompactor.Phdr p : ElfCompactor.programHeaders(buf(elf))) {
            if (p.type() != 1) continue;
            for (long i = 0; i < p.memsz(); i++) {
                byte b = i < p.filesz() ? elf[(int) (p.offset() + i)] : 0;
                if (b != 0) m.put(p.paddr() + i, b);
                else m.putIfAbsent(p.paddr() + i, b);
            }
        }
        return m;
    }

    private static byte[] notes(byte[] elf) {
        for (ElfCompactor.Phdr p : ElfCompactor.programHeaders(buf(elf))) {
            if (p.type() == 4) return Arrays.copyOfRange(elf, (int) p.offset(), (int) (p.offset() + p.filesz()));
        }
        return null;
    }

    private static ByteBuffer buf(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** An ELF64 with one R+X PT_LOAD (at file offset 4096, 2 MiB-aligned as ld -z max-page-size=2M would) and a PT_NOTE. */
    private static byte[] elf(byte[] seg, long memsz, byte[] note) {
        int segOff = 4096;
        int noteOff = segOff + seg.length;
        ByteBuffer b = ByteBuffer.allocate(noteOff + note.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0x464C457F).put(4, (byte) 2).put(5, (byte) 1).put(6, (byte) 1);
        b.putShort(0x10, (short) 2).putShort(0x12, (short) 62).putInt(0x14, 1).putLong(0x18, BASE + 0x40);
        b.putLong(0x20, 64).putShort(0x34, (short) 64).putShort(0x36, (short) 56).putShort(0x38, (short) 2);
        b.position(64);
        b.putInt(1).putInt(5).putLong(segOff).putLong(BASE).putLong(PHYS).putLong(seg.length).putLong(memsz).putLong(2 << 20);
        b.putInt(4).putInt(4).putLong(noteOff).putLong(0).putLong(0).putLong(note.length).putLong(note.length).putLong(4);
        b.position(segOff);
        b.put(seg).put(note);
        return b.array();
    }
}
