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
            throw new IngotException(syntaxError(file, json ? "JSON" : "YAML", e));
        }
    }

    /**
     * One line, "FILE:LINE:COLUMN: not valid YAML: PROBLEM", as compilers
     * write it: SnakeYAML's own message is a multi-line dump with the
     * offending text and a caret, so take its problem and mark instead.
     */
    static String syntaxError(Path file, String format, JsonProcessingException e) {
        int line = 0, column = 0;
        String problem = e.getOriginalMessage();
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException y && y.getProblemMark() != null) {
            line = y.getProblemMark().getLine() + 1; // SnakeYAML counts from 0
            column = y.getProblemMark().getColumn() + 1;
            if (y.getProblem() != null) problem = y.getProblem();
        } else if (e.getLocation() != null) {
            line = e.getLocation().getLineNr();
            column = e.getLocation().getColumnNr();
        }
        String where = line > 0 ? ":" + line + ":" + Math.max(column, 1) : "";
        String oneLine = problem == null ? "syntax error" : problem.lines().map(String::strip)
                .filter(l -> !l.isEmpty()).findFirst().orElse("syntax error");
        return file + where + ": not valid " + format + ": " + oneLine;
    }
}
