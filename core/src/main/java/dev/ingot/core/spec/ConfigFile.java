package dev.ingot.core.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ingot.core.IngotException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a config file into a {@link SpecBuilder}. Two formats:
 * Ingot's own ({@code ingot.yaml} or JSON, lower-case keys, see
 * {@link IngotConfigReader}) and NanoVMs ops' {@code config.json}
 * (capitalised keys, see {@link OpsConfigReader}), told apart by their keys.
 */
public final class ConfigFile {
    private ConfigFile() {
    }

    public static SpecBuilder read(Path file) throws IngotException {
        JsonNode root = parse(file);
        if (!root.isObject()) {
            throw new IngotException(file + ": the config must be a mapping of keys to values");
        }
        Path base = file.toAbsolutePath().getParent();
        boolean ops = root.fieldNames().hasNext() && Character.isUpperCase(root.fieldNames().next().charAt(0));
        SpecBuilder builder = new SpecBuilder();
        if (ops) {
            new OpsConfigReader(file, base).read(root, builder);
        } else {
            new IngotConfigReader(file, base).read(root, builder);
        }
        return builder;
    }

    private static JsonNode parse(Path file) throws IngotException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IngotException("config file not found: " + file);
        } catch (IOException e) {
            throw new IngotException("cannot read config file " + file + ": " + e.getMessage());
        }
        boolean json = file.toString().endsWith(".json") || text.stripLeading().startsWith("{");
        ObjectMapper mapper = json ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
        try {
            JsonNode node = mapper.readTree(text);
            return node == null || node.isMissingNode() ? mapper.createObjectNode() : node;
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc != null ? " at line " + loc.getLineNr() + ", column " + loc.getColumnNr() : "";
            throw new IngotException(file + ": not valid " + (json ? "JSON" : "YAML") + where + ": " + e.getOriginalMessage());
        }
    }
}
