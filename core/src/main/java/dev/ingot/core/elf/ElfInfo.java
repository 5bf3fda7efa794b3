package dev.ingot.core.elf;

import java.nio.file.Path;
import java.util.List;

/**
 * What Ingot needs to know about one ELF file, read without running it.
 *
 * @param path        the file on the host
 * @param kind        static, static-PIE or dynamic
 * @param interpreter PT_INTERP path, or null
 * @param needed      DT_NEEDED entries in order
 * @param rpath       DT_RPATH entries (only used by ld.so when there is no DT_RUNPATH)
 * @param runpath     DT_RUNPATH entries
 */
public record ElfInfo(Path path, ElfKind kind, String interpreter, List<String> needed,
                      List<String> rpath, List<String> runpath) {
    public ElfInfo {
        needed = List.copyOf(needed);
        rpath = List.copyOf(rpath);
        runpath = List.copyOf(runpath);
    }
}
