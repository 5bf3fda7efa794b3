package dev.ingot.core.elf;

import dev.ingot.core.IngotException;
import net.fornwall.jelf.ElfDynamicSection;
import net.fornwall.jelf.ElfFile;
import net.fornwall.jelf.ElfSegment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads an ELF file's header, program headers and dynamic section (with
 * jelf) to classify it and list what it needs. The program is never run:
 * ops' way, LD_TRACE_LOADED_OBJECTS, executes untrusted code on the host.
 */
public final class ElfInspector {
    /** e_machine of x86-64 (System V ABI, AMD64 supplement). */
    static final int EM_X86_64 = 62;
    private static final byte[] MAGIC = {0x7f, 'E', 'L', 'F'};
    /** d_tag values from elf.h. */
    private static final long DT_NEEDED = 1, DT_RPATH = 15, DT_RUNPATH = 29;

    /** Inspects a program: fails unless it is an x86-64 executable Ingot can run. */
    public ElfInfo inspectProgram(Path path) throws IngotException {
        ElfInfo info = inspect(path, true);
        return info;
    }

    /** Inspects a shared library (ET_DYN without an entry point is fine here). */
    public ElfInfo inspectLibrary(Path path) throws IngotException {
        return inspect(path, false);
    }

    /** True when the file is a 64-bit x86-64 ELF; used by the resolver to skip other architectures, as ld.so does. */
    public boolean isX86_64(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] h = in.readNBytes(20);
            return h.length == 20 && Arrays.equals(Arrays.copyOf(h, 4), MAGIC) && h[4] == ElfFile.CLASS_64
                    && (h[18] & 0xff | (h[19] & 0xff) << 8) == EM_X86_64;
        } catch (IOException e) {
            return false;
        }
    }

    private ElfInfo inspect(Path path, boolean program) throws IngotException {
        checkHeader(path);
        ElfFile elf;
        try {
            elf = ElfFile.from(path);
        } catch (IOException e) {
            throw new IngotException("cannot read " + path + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new IngotException(path + " is a corrupt ELF file (" + e.getMessage() + ")");
        }
        try {
            return classify(path, elf, program);
        } catch (RuntimeException e) {
            throw new IngotException(path + " is a corrupt ELF file (" + e.getMessage() + ")");
        }
    }

    /** Checks magic, class and machine by hand so each failure gets its own message. */
    private void checkHeader(Path path) throws IngotException {
        if (!Files.exists(path)) throw new IngotException("no such file: " + path);
        if (Files.isDirectory(path)) throw new IngotException(path + " is a directory, not a program");
        byte[] h;
        try (InputStream in = Files.newInputStream(path)) {
            h = in.readNBytes(20);
        } catch (IOException e) {
            throw new IngotException("cannot read " + path + ": " + e.getMessage());
        }
        if (h.length < 4 || !Arrays.equals(Arrays.copyOf(h, 4), MAGIC)) {
            String hint = h.length >= 2 && h[0] == '#' && h[1] == '!'
                    ? " (it is a script: run its interpreter instead)" : "";
            throw new IngotException(path + " is not an ELF executable" + hint);
        }
        if (h.length < 20) throw new IngotException(path + " is a corrupt ELF file (truncated header)");
        if (h[4] != ElfFile.CLASS_64) {
            throw new IngotException(path + " is a 32-bit ELF file: Ingot runs x86-64 programs");
        }
        if (h[5] != ElfFile.DATA_LSB) {
            throw new IngotException(path + " is a big-endian ELF file: Ingot runs x86-64 programs");
        }
        int machine = h[18] & 0xff | (h[19] & 0xff) << 8;
        if (machine != EM_X86_64) {
            throw new IngotException(path + " is built for " + machineName(machine)
                    + ", not x86-64: rebuild it for x86-64 (amd64)");
        }
    }

    private ElfInfo classify(Path path, ElfFile elf, boolean program) throws IngotException {
        if (program && elf.e_type != ElfFile.ET_EXEC && elf.e_type != ElfFile.ET_DYN) {
            throw new IngotException(path + " is an ELF " + (elf.e_type == ElfFile.ET_REL ? "object file" : "core dump")
                    + ", not a program");
        }
        String interpreter = null;
        for (int i = 0; i < elf.e_phnum; i++) {
            ElfSegment ph = elf.getProgramHeader(i);
            if (ph.p_type == ElfSegment.PT_INTERP) interpreter = ph.getIntepreter();
        }
        if (program && elf.e_type == ElfFile.ET_DYN && interpreter == null && elf.e_entry == 0) {
            throw new IngotException(path + " is a shared library, not a program");
        }
        ElfKind kind = interpreter != null ? ElfKind.DYNAMIC
                : elf.e_type == ElfFile.ET_DYN ? ElfKind.STATIC_PIE : ElfKind.STATIC;
        List<String> needed = new ArrayList<>();
        List<String> rpath = new ArrayList<>();
        List<String> runpath = new ArrayList<>();
        ElfDynamicSection dynamic = elf.getDynamicSection();
        if (dynamic != null) {
            var strings = elf.getDynamicStringTable();
            for (var entry : dynamic.entries) {
                if (entry.d_tag == DT_NEEDED) needed.add(strings.get((int) entry.d_val_or_ptr));
                else if (entry.d_tag == DT_RPATH) rpath.addAll(splitPath(strings.get((int) entry.d_val_or_ptr)));
                else if (entry.d_tag == DT_RUNPATH) runpath.addAll(splitPath(strings.get((int) entry.d_val_or_ptr)));
            }
        }
        return new ElfInfo(path, kind, interpreter, needed, rpath, runpath);
    }

    private static List<String> splitPath(String value) {
        List<String> out = new ArrayList<>();
        for (String p : value.split(":")) if (!p.isEmpty()) out.add(p);
        return out;
    }

    private static String machineName(int machine) {
        return switch (machine) {
            case 3 -> "i386";
            case 40 -> "ARM";
            case 183 -> "aarch64";
            case 243 -> "RISC-V";
            case 8 -> "MIPS";
            case 20, 21 -> "PowerPC";
            case 22 -> "s390";
            default -> "ELF machine " + machine;
        };
    }
}
