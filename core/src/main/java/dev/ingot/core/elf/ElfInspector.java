package dev.ingot.core.elf;

import dev.ingot.core.IngotException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Classifies an ELF file and lists what it needs, from what the loaders read
 * (see {@link ElfReader}: program headers and PT_DYNAMIC, never section
 * headers). The program is never run: ops' way, LD_TRACE_LOADED_OBJECTS,
 * executes untrusted code on the host. Any damage is one IngotException
 * naming the file and the bad structure.
 */
public final class ElfInspector {
    /** e_machine of x86-64 (System V ABI, AMD64 supplement). */
    static final int EM_X86_64 = 62;
    private static final byte[] MAGIC = {0x7f, 'E', 'L', 'F'};
    /** e_ident[EI_CLASS] and e_ident[EI_DATA] values, and e_type values, from the gABI. */
    private static final int CLASS_64 = 2, DATA_LSB = 1, ET_REL = 1, ET_EXEC = 2, ET_DYN = 3;

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
            return h.length == 20 && Arrays.equals(Arrays.copyOf(h, 4), MAGIC) && h[4] == CLASS_64
                    && (h[18] & 0xff | (h[19] & 0xff) << 8) == EM_X86_64;
        } catch (IOException e) {
            return false;
        }
    }

    private ElfInfo inspect(Path path, boolean program) throws IngotException {
        checkHeader(path);
        ElfReader.Parsed elf;
        try {
            elf = ElfReader.read(path);
        } catch (IOException e) {
            throw new IngotException("cannot read " + path + ": " + e.getMessage());
        } catch (ElfReader.Corrupt e) {
            throw new IngotException(path + " is a corrupt ELF file: " + e.getMessage());
        }
        return classify(path, elf, program);
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
        if (h[4] != CLASS_64) {
            throw new IngotException(path + " is a 32-bit ELF file: Ingot runs x86-64 programs");
        }
        if (h[5] != DATA_LSB) {
            throw new IngotException(path + " is a big-endian ELF file: Ingot runs x86-64 programs");
        }
        int machine = h[18] & 0xff | (h[19] & 0xff) << 8;
        if (machine != EM_X86_64) {
            throw new IngotException(path + " is built for " + machineName(machine)
                    + ", not x86-64: rebuild it for x86-64 (amd64)");
        }
    }

    private ElfInfo classify(Path path, ElfReader.Parsed elf, boolean program) throws IngotException {
        if (program && elf.type() != ET_EXEC && elf.type() != ET_DYN) {
            throw new IngotException(path + " is an ELF " + (elf.type() == ET_REL ? "object file" : "core dump")
                    + ", not a program");
        }
        String interpreter = elf.interpreter();
        if (program && elf.type() == ET_DYN && interpreter == null && elf.entry() == 0) {
            throw new IngotException(path + " is a shared library, not a program");
        }
        ElfKind kind = interpreter != null ? ElfKind.DYNAMIC
                : elf.type() == ET_DYN ? ElfKind.STATIC_PIE : ElfKind.STATIC;
        return new ElfInfo(path, kind, interpreter, elf.needed(), elf.rpath(), elf.runpath());
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
