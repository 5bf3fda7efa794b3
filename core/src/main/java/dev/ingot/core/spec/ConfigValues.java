package dev.ingot.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ingot.core.IngotException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Typed access to config values with errors that name the key and the file. */
final class ConfigValues {
    private final Path file;
    private final Path base;

    ConfigValues(Path file, Path base) {
        this.file = file;
        this.base = base;
    }

    Path file() { return file; }

    String where(String key) {
        return "'" + key + "' of " + file;
    }

    void checkKeys(JsonNode object, Set<String> known, String context) throws IngotException {
        var names = object.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!known.contains(key)) {
                throw new IngotException(file + ": unknown key '" + context + key + "' (known keys: "
                        + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    String string(JsonNode node, String key) throws IngotException {
        if (!node.isValueNode() || node.isNull()) {
            throw new IngotException(file + ": " + "'" + key + "' must be a string");
        }
        return node.asText();
    }

    int integer(JsonNode node, String key) throws IngotException {
        if (node.canConvertToInt() && node.isIntegralNumber()) return node.asInt();
        if (node.isTextual()) {
            try {
                return Integer.parseInt(node.asText().trim());
            } catch (NumberFormatException ignored) {
                // falls through to the error below
            }
        }
        throw new IngotException(file + ": '" + key + "' must be a whole number, not " + node);
    }

    List<String> strings(JsonNode node, String key) throws IngotException {
        if (!node.isArray()) {
            throw new IngotException(file + ": '" + key + "' must be a list");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) out.add(string(item, key));
        return out;
    }

    /**
     * Port forwards as a list, a single string ("18080:8080") or a single
     * number (8080): ops configs in the wild write all three. Anything else
     * (an object, null, a list of lists) is refused, never skipped.
     */
    List<String> ports(JsonNode node, String key) throws IngotException {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode item : node) out.add(port(item, key));
        } else {
            out.add(port(node, key));
        }
        return out;
    }

    private String port(JsonNode node, String key) throws IngotException {
        if (node.isTextual() || node.isIntegralNumber()) return node.asText();
        throw new IngotException(file + ": '" + key + "' must be a port like 8080 or \"18080:8080\", or a list of them; not "
                + node);
    }

    /** A host path from the config, relative to the config file's folder. */
    Path hostPath(String text) {
        return base.resolve(text).normalize();
    }
}
