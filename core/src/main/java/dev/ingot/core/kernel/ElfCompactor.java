package dev.ingot.core.kernel;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites a kernel ELF (x86-64, little-endian ELF64) so that neither the
 * gaps between its loadable segments nor long runs of zero bytes inside
 * them take room in the file, while every loader puts the same bytes at the
 * same addresses.
 *
 * <p>Why: Linux on x86-64 aligns its text, read-only data and data to 2 MiB
 * (vmlinux.lds.S, STRICT_KERNEL_RWX, which x86-64 cannot turn off), and
 * the linker writes that alignment into the file as zeros, between
 * segments (it keeps p_offset = p_vaddr modulo 2 MiB, -z max-page-size)
 * and inside them: our ~9 MB kernel is a 15.5 MiB file. Segments are laid
 * out again, packed at 4 KiB congruence. A PT_LOAD whose p_memsz exceeds its p_filesz
 * has the rest zero-filled by every ELF loader (System V gABI; QEMU's PVH
 * -kernel path and loader/elf.S do it), so a segment with a zero run in it
 * becomes two: the part before, with the run as its zero-filled tail, and
 * the part after. Memory contents, addresses, flags and the entry stay as
 * they were; section headers are dropped (their offsets would be wrong,
 * and booting reads only program headers). PT_NOTE data is copied as is.
 */
final class ElfCompactor {
    /** Bump when the output changes for the same input: the cached compact kernel is named after it. */
    static final int VERSION = 1;
    /** Shorter zero runs stay in the file: each split costs a 56-byte program header. */
    static final int MIN_GAP = 64 * 1024;
    /** Offsets keep p_offset = p_vaddr modulo the page size, as the gABI asks of PT_LOAD. */
    private static final int PAGE = 4096;
    /** loader/elf.S reads the ELF header and all program headers from the first 4 KiB. */
    private static final int MAX_HEADERS = (PAGE - 64) / 56;
    private static final int PT_LOAD = 1;
    private static final int PT_NOTE = 4;

    private ElfCompactor() {
    }

    /** One program header (ELF64 layout: type, flags, offset, vaddr, paddr, filesz, memsz, align). */
    record Phdr(int type, int flags, long offset, long vaddr, long paddr, long filesz, long memsz, long align) {}

    /** The compacted file, or the input unchanged when there is nothing to gain. */
    static byte[] compact(byte[] elf) {
        ByteBuffer in = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        List<Phdr> old = programHeaders(in);
        List<Phdr> pieces = new ArrayList<>();
        for (Phdr p : old) {
            if (p.type() == PT_LOAD) pieces.addAll(split(elf, p));
            else pieces.add(p);
        }
        if (pieces.size() > MAX_HEADERS) return elf;

        ByteArrayOutputStream out = new ByteArrayOutputStream(elf.length);
        int headerEnd = 64 + 56 * pieces.size();
        out.write(elf, 0, 64);
        out.writeBytes(new byte[headerEnd - 64]);
        List<Phdr> placed = new ArrayList<>();
        for (Phdr p : pieces) {
            long offset = p.offset();
            if (p.filesz() > 0) {
                long mod = p.type() == PT_LOAD ? Math.floorMod(p.vaddr(), PAGE) : 0;
                long at = out.size();
                long pad = p.type() == PT_LOAD ? Math.floorMod(mod - at, PAGE) : Math.floorMod(-at, 8);
                out.writeBytes(new byte[(int) pad]);
                offset = out.size();
                out.write(elf, (int) p.offset(), (int) p.filesz());
            }
            placed.add(new Phdr(p.type(), p.flags(), offset, p.vaddr(), p.paddr(), p.filesz(), p.memsz(),
                    p.type() == PT_LOAD ? PAGE : p.align()));
        }
        if (out.size() >= elf.length) return elf;
        byte[] result = out.toByteArray();
        ByteBuffer b = ByteBuffer.wrap(result).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0x20, 64);                  // e_phoff: right after the ELF header
        b.putLong(0x28, 0);                   // e_shoff: no section headers
        b.putShort(0x38, (short) placed.size()); // e_phnum
        b.putShort(0x3C, (short) 0);          // e_shnum
        b.putShort(0x3E, (short) 0);          // e_shstrndx
        for (int i = 0; i < placed.size(); i++) {
            Phdr p = placed.get(i);
            b.position(64 + 56 * i);
            b.putInt(p.type()).putInt(p.flags()).putLong(p.offset()).putLong(p.vaddr()).putLong(p.paddr())
                    .putLong(p.filesz()).putLong(p.memsz()).putLong(p.align());
        }
        return result;
    }

    /** The program headers of an ELF64 little-endian x86-64 file, checked against the file's size. */
    static List<Phdr> programHeaders(ByteBuffer in) {
        byte[] elf = in.array();
        if (elf.length < 64 || in.getInt(0) != 0x464C457F || elf[4] != 2 || elf[5] != 1 || in.getShort(0x12) != 62) {
            throw new IllegalArgumentException("not an x86-64 ELF64 little-endian file");
        }
        long phoff = in.getLong(0x20);
        int phentsize = Short.toUnsignedInt(in.getShort(0x36));
        int phnum = Short.toUnsignedInt(in.getShort(0x38));
        if (phentsize != 56 || phoff < 64 || phoff + 56L * phnum > elf.length) {
            throw new IllegalArgumentException("bad program header table");
        }
        List<Phdr> out = new ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            int at = (int) phoff + 56 * i;
            Phdr p = new Phdr(in.getInt(at), in.getInt(at + 4), in.getLong(at + 8), in.getLong(at + 16),
                    in.getLong(at + 24), in.getLong(at + 32), in.getLong(at + 40), in.getLong(at + 48));
            if (p.filesz() > 0 && (p.offset() < 0 || p.filesz() < 0 || p.offset() + p.filesz() > elf.length)) {
                throw new IllegalArgumentException("program header " + i + " points outside the file");
            }
            if (p.type() == PT_LOAD && p.memsz() < p.filesz()) {
                throw new IllegalArgumentException("program header " + i + " has p_memsz < p_filesz");
            }
            out.add(p);
        }
        return out;
    }

    /**
     * A PT_LOAD cut around its runs of whole zero pages (page-aligned in its
     * addresses) of at least {@link #MIN_GAP}: each piece keeps the bytes up to
     * a run, and the run becomes its zero-filled tail.
     */
    static List<Phdr> split(byte[] elf, Phdr p) {
        List<Phdr> pieces = new ArrayList<>();
        long start = 0; // piece start, relative to the segment
        long firstPage = Math.floorMod(-p.vaddr(), PAGE);
        long pos = firstPage;
        while (pos < p.filesz()) {
            long runEnd = pos;
            while (runEnd + PAGE <= p.filesz() && zeroPage(elf, p.offset() + runEnd)) runEnd += PAGE;
            boolean trailing = runEnd + PAGE > p.filesz() && allZero(elf, p.offset() + runEnd, p.offset() + p.filesz());
            if (trailing) runEnd = p.filesz();
            if (runEnd - pos >= MIN_GAP && pos > start) {
                long end = runEnd == p.filesz() ? p.memsz() : runEnd; // a trailing run joins the original zero tail
                pieces.add(piece(p, start, pos - start, end - start));
                start = runEnd;
            }
            pos = runEnd > pos ? runEnd : pos + PAGE;
        }
        if (start < p.filesz() || pieces.isEmpty()) pieces.add(piece(p, start, p.filesz() - start, p.memsz() - start));
        return pieces;
    }

    private static Phdr piece(Phdr p, long from, long filesz, long memsz) {
        return new Phdr(PT_LOAD, p.flags(), p.offset() + from, p.vaddr() + from, p.paddr() + from, filesz, memsz, p.align());
    }

    private static boolean zeroPage(byte[] elf, long at) {
        return allZero(elf, at, at + PAGE);
    }

    private static boolean allZero(byte[] elf, long from, long to) {
        for (long i = from; i < to; i++) if (elf[(int) i] != 0) return false;
        return true;
    }
}
