package dev.ingot.core.elf;

import java.nio.file.Path;

/**
 * One library of a program's dependency closure.
 *
 * @param name      the DT_NEEDED name (or the interpreter's path)
 * @param hostPath  where it was found on the host
 * @param imagePath where it goes in the image: where the guest's ld.so will look
 * @param neededBy  the object that first asked for it
 */
public record ResolvedLibrary(String name, Path hostPath, String imagePath, Path neededBy) {
}
