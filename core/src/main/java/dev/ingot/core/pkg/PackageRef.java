package dev.ingot.core.pkg;

import dev.ingot.core.UsageException;

import java.util.regex.Pattern;

/** NAME or NAME:VERSION as a user writes it (`python`, `python:3.11`); a null version means the newest. */
public record PackageRef(String name, String version) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z.+~-]{1,32}");

    public static PackageRef parse(String text) throws UsageException {
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        String version = colon < 0 ? null : text.substring(colon + 1);
        if (!NAME.matcher(name).matches() || (version != null && !VERSION.matcher(version).matches())) {
            throw new UsageException("bad package '" + text + "': write NAME or NAME:VERSION, e.g. python:3.11 (see ingot pkg list)");
        }
        return new PackageRef(name, version);
    }

    @Override
    public String toString() {
        return version == null ? name : name + ":" + version;
    }
}
