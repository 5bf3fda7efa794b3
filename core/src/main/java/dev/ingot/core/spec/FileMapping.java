package dev.ingot.core.spec;

import java.nio.file.Path;

/** A host file or directory copied into the image at an absolute image path. */
public record FileMapping(Path hostPath, String imagePath) {
}
