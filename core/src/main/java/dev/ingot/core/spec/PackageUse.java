package dev.ingot.core.spec;

import java.nio.file.Path;

/**
 * A runtime package the program runs on (`--pkg python:3.11`, `pkg:` in
 * ingot.yaml); the spec's program, if any, is then the user's script.
 *
 * @param ref NAME or NAME:VERSION (checked against the recipes at build time)
 * @param dir a folder copied to /app (`--dir`), or null
 */
public record PackageUse(String ref, Path dir) {
}
