package dev.ingot.core.elf;

import dev.ingot.core.IngotException;
import dev.ingot.core.spec.FileMapping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Finds the dynamically linked x86-64 ELF files inside the folders an image
 * copies (a Java runtime, an interpreter's library tree), so their libraries
 * can be carried too: what the program dlopens at run time names no
 * DT_NEEDED of the program itself.
 */
public final class TreeElfScanner {
    private final ElfInspector inspector;

    public TreeElfScanner(ElfInspector inspector) {
        this.inspector = inspector;
    }

    /** The ELF files found, with their image paths, and every file name the trees provide. */
    public record Found(Map<ElfInfo, String> objects, Set<String> fileNames) {}

    public Found scan(List<FileMapping> mappings) throws IngotException {
        Map<ElfInfo, String> objects = new LinkedHashMap<>();
        Set<String> names = new TreeSet<>();
        for (FileMapping m : mappings) {
            if (!Files.isDirectory(m.hostPath())) continue;
            try (Stream<Path> walk = Files.walk(m.hostPath())) {
                for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                    names.add(p.getFileName().toString());
                    if (!inspector.isX86_64(p)) continue;
                    ElfInfo info = inspector.inspectLibrary(p);
                    if (info.needed().isEmpty()) continue;
                    objects.put(info, m.imagePath() + "/" + m.hostPath().relativize(p));
                }
            } catch (IOException e) {
                throw new IngotException("cannot read " + m.hostPath() + ": " + e.getMessage());
            }
        }
        return new Found(objects, names);
    }
}
