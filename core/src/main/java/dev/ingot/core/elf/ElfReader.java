package dev.ingot.core.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what the kernel and ld.so read of a 64-bit little-endian ELF file:
 * the file header, the program headers, PT_INTERP, and the dynamic array
 * found through PT_DYNAMIC with its string table found through DT_STRTAB,
 * both addresses mapped to file offsets through the PT_LOAD segments as
 * ld.so sees them in memory. Section headers are never read: a stripped or
 * hostile file may lack them or make them lie, and ld.so ignores them too.
 *
 * <p>Every number in the file is untrusted. Each read is checked against the
 * file's size before it happens (with unsigned 64-bit offsets), every loop
 * is bounded by a count the file cannot inflate past its own size, and every
 * failure is a {@link Corrupt} that says which structure is bad. Layouts are
 * from the System V gABI ("ELF Header", "Program Header", "Dynamic Section")
 * and its AMD64 supplement.
 */
final class ElfReader {
    static final int EHDR_SIZE = 64, PHDR_SIZE = 56, DYN_SIZE = 16;
    static final int PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3;
    static final long DT_NULL = 0, DT_NEEDED = 1, DT_STRTAB = 5, DT_STRSZ = 10, DT_RPATH = 15, DT_RUNPATH = 29;
    /** PN_XNUM: "more program headers than fit in e_phnum"; neither Linux nor ld.so loads such a file. */
    static final int PN_XNUM = 0xffff;
    /** Linux's load_elf_phdrs() refuses program header tables above 64 KiB. */
    static final long MAX_PHDR_BYTES = 65536;
    /** A dynamic array beyond 1 MiB (65536 entries; real ones have ~40) is not a real file. */
    static final long MAX_DYNAMIC_BYTES = 1 << 20;
    /** PATH_MAX: the longest interpreter path or library name the kernel or ld.so would take. */
    static final int MAX_STRING = 4096;

    /** What one ELF file says, unvalidated beyond its structure. */
    record Parsed(int type, long entry, String interpreter, boolean hasDynamic, List<String> needed,
                  List<String> rpath, List<String> runpath) {}

    /** The file's structure is broken or hostile; the message says where. */
    static final class Corrupt extends Exception {
        Corrupt(String message) {
            super(message);
        }
    }

    private record Segment(int type, long offset, long vaddr, long filesz) {}

    private final FileChannel file;
    private final long size;

    private ElfReader(FileChannel file) throws IOException {
        this.file = file;
        this.size = file.size();
    }

    static Parsed read(Path path) throws IOException, Corrupt {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return new ElfReader(ch).parse();
        }
    }

    private Parsed parse() throws IOException, Corrupt {
        if (size < EHDR_SIZE) throw new Corrupt("truncated ELF header: the file has " + size + " bytes, the header needs 64");
        ByteBuffer h = bytes(0, EHDR_SIZE, "the ELF header");
        int type = Short.toUnsignedInt(h.getShort(16));
        long entry = h.getLong(24);
        long phoff = h.getLong(32);
        int phentsize = Short.toUnsignedInt(h.getShort(54));
        int phnum = Short.toUnsignedInt(h.getShort(56));
        List<Segment> segments = programHeaders(phoff, phentsize, phnum);

        String interpreter = null;
        Segment dynamic = null;
        List<Segment> loads = new ArrayList<>();
        for (Segment s : segments) {
            switch (s.type()) {
                case PT_INTERP -> {
                    if (interpreter == null) interpreter = interpreter(s);
                }
                case PT_DYNAMIC -> {
                    if (dynamic == null) dynamic = s;
                }
                case PT_LOAD -> loads.add(s);
                default -> { }
            }
        }
        List<String> needed = new ArrayList<>(), rpath = new ArrayList<>(), runpath = new ArrayList<>();
        if (dynamic != null) readDynamic(dynamic, loads, needed, rpath, runpath);
        return new Parsed(type, entry, interpreter, dynamic != null, needed, rpath, runpath);
    }

    private List<Segment> programHeaders(long phoff, int phentsize, int phnum) throws IOException, Corrupt {
        if (phnum == 0) return List.of();
        if (phnum == PN_XNUM) throw new Corrupt("program header count is PN_XNUM (0xffff), which loaders refuse");
        if (phentsize != PHDR_SIZE) {
            throw new Corrupt("program header entry size is " + phentsize + ", not " + PHDR_SIZE);
        }
        long total = (long) phnum * PHDR_SIZE;
        if (total > MAX_PHDR_BYTES) throw new Corrupt(phnum + " program headers is more than loaders accept");
        ByteBuffer table = bytes(phoff, total, "the program headers");
        List<Segment> out = new ArrayList<>(phnum);
        for (int i = 0; i < phnum; i++) {
            int at = i * PHDR_SIZE;
            out.add(new Segment(table.getInt(at), table.getLong(at + 8), table.getLong(at + 16), table.getLong(at + 32)));
        }
        return out;
    }

    private String interpreter(Segment s) throws IOException, Corrupt {
        if (Long.compareUnsigned(s.filesz(), MAX_STRING) > 0 || s.filesz() == 0) {
            throw new Corrupt("PT_INTERP has a size of " + Long.toUnsignedString(s.filesz()) + " bytes");
        }
        ByteBuffer b = bytes(s.offset(), s.filesz(), "the interpreter path (PT_INTERP)");
        String path = cString(b, 0, (int) s.filesz(), "the interpreter path (PT_INTERP)");
        if (path.isEmpty()) throw new Corrupt("the interpreter path (PT_INTERP) is empty");
        return path;
    }

    private void readDynamic(Segment dyn, List<Segment> loads, List<String> needed, List<String> rpath,
                             List<String> runpath) throws IOException, Corrupt {
        // ld.so reads the dynamic array at its address in memory: map p_vaddr through PT_LOAD.
        long offset = fileOffset(loads, dyn.vaddr(), dyn.filesz(), "the dynamic array (PT_DYNAMIC)");
        if (Long.compareUnsigned(dyn.filesz(), MAX_DYNAMIC_BYTES) > 0) {
            throw new Corrupt("the dynamic array (PT_DYNAMIC) claims " + Long.toUnsignedString(dyn.filesz()) + " bytes");
        }
        ByteBuffer d = bytes(offset, dyn.filesz(), "the dynamic array (PT_DYNAMIC)");
        long strtab = -1, strsz = -1;
        List<long[]> strings = new ArrayList<>(); // {tag, string offset}, resolved once DT_STRTAB is known
        boolean terminated = false;
        for (int at = 0; at + DYN_SIZE <= d.limit(); at += DYN_SIZE) {
            long tag = d.getLong(at), val = d.getLong(at + 8);
            if (tag == DT_NULL) {
                terminated = true;
                break;
            }
            if (tag == DT_STRTAB) strtab = val;
            else if (tag == DT_STRSZ) strsz = val;
            else if (tag == DT_NEEDED || tag == DT_RPATH || tag == DT_RUNPATH) strings.add(new long[]{tag, val});
        }
        if (!terminated) throw new Corrupt("the dynamic array (PT_DYNAMIC) has no DT_NULL end");
        if (strings.isEmpty()) return;
        if (strtab == -1 || strsz == -1) throw new Corrupt("the dynamic array names libraries but has no DT_STRTAB/DT_STRSZ");
        long strOffset = fileOffset(loads, strtab, strsz, "the dynamic string table (DT_STRTAB)");
        for (long[] s : strings) {
            String text = string(strOffset, strsz, s[1]);
            if (s[0] == DT_NEEDED) {
                if (text.isEmpty()) throw new Corrupt("a DT_NEEDED entry is an empty name");
                needed.add(text);
            } else {
                (s[0] == DT_RPATH ? rpath : runpath).addAll(splitPath(text));
            }
        }
    }

    /** The file offset of [vaddr, vaddr+length) inside one PT_LOAD segment's file-backed bytes. */
    private static long fileOffset(List<Segment> loads, long vaddr, long length, String what) throws Corrupt {
        for (Segment s : loads) {
            long delta = vaddr - s.vaddr();
            if (Long.compareUnsigned(vaddr, s.vaddr()) >= 0 && Long.compareUnsigned(delta, s.filesz()) < 0
                    && Long.compareUnsigned(length, s.filesz() - delta) <= 0) {
                long offset = s.offset() + delta;
                if (s.offset() < 0 || offset < 0) break; // past any real file: reported below
                return offset;
            }
        }
        throw new Corrupt(what + " at address 0x" + Long.toHexString(vaddr) + " is not inside any loaded segment");
    }

    private String string(long tableOffset, long tableSize, long index) throws IOException, Corrupt {
        if (Long.compareUnsigned(index, tableSize) >= 0) {
            throw new Corrupt("a dynamic string offset (" + Long.toUnsignedString(index) + ") lies past the string table ("
                    + Long.toUnsignedString(tableSize) + " bytes)");
        }
        long available = Math.min(tableSize - index, MAX_STRING);
        long start = tableOffset + index;
        long inFile = Long.compareUnsigned(start, size) < 0 ? Math.min(available, size - start) : 0;
        ByteBuffer b = bytes(start, Math.max(inFile, 1), "a dynamic string");
        return cString(b, 0, b.limit(), "a dynamic string");
    }

    /** Exactly length bytes at offset, or Corrupt when any of them lies outside the file. */
    private ByteBuffer bytes(long offset, long length, String what) throws IOException, Corrupt {
        if (offset < 0 || length < 0 || length > size || offset > size - length) {
            throw new Corrupt(what + " (offset " + Long.toUnsignedString(offset) + ", " + Long.toUnsignedString(length)
                    + " bytes) lies past the end of the file (" + size + " bytes)");
        }
        ByteBuffer b = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
        long at = offset;
        while (b.hasRemaining()) {
            int n = file.read(b, at);
            if (n < 0) throw new Corrupt(what + " is cut short: the file shrank while being read");
            at += n;
        }
        return b.flip();
    }

    private static String cString(ByteBuffer b, int from, int limit, String what) throws Corrupt {
        for (int i = from; i < limit; i++) {
            if (b.get(i) == 0) {
                byte[] out = new byte[i - from];
                b.get(from, out);
                return new String(out, StandardCharsets.UTF_8);
            }
        }
        throw new Corrupt(what + " has no terminating NUL");
    }

    private static List<String> splitPath(String value) {
        List<String> out = new ArrayList<>();
        for (String p : value.split(":")) if (!p.isEmpty()) out.add(p);
        return out;
    }
}
