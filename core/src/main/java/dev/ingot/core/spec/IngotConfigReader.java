package dev.ingot.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ingot.core.IngotException;
import dev.ingot.core.java.JavaApp;
import dev.ingot.core.java.TrainTime;
import dev.ingot.core.volume.VolumeMount;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ingot's own config, {@code ingot.yaml} (or the same as JSON):
 * <pre>
 * name: echo                 # image name
 * program: ./echo            # relative to this file
 * args: [--verbose]
 * env: {GREETING: hello}
 * files: {./config.txt: /etc/echo.conf}   # host path: image path
 * dirs: {./static: /srv/static}
 * ports: ["8080", "18080:8080"]
 * memory: 64M
 * cpus: 1
 * kernel: linux              # or native
 * pkg: python:3.11          # run program: (a script) on a runtime package (docs/packages.md)
 * volumes: ["data:/data"]    # or [{name: data, path: /data}] (docs/volumes.md)
 * java:                      # a Java application instead of program (docs/java.md)
 *   jar: target/app.jar      # or mainClass: + classpath: [target/classes, "target/lib/*"]
 *   jvmArgs: [-Xss512k]
 *   modules: [jdk.crypto.ec] # JDK modules beyond what jdeps finds
 *   home: /usr/lib/jvm/jdk-25
 * </pre>
 */
final class IngotConfigReader {
    private static final Set<String> KEYS = Set.of("name", "program", "args", "env", "files", "dirs",
            "ports", "memory", "cpus", "kernel", "java", "pkg", "volumes");
    private static final Set<String> JAVA_KEYS = Set.of("jar", "mainClass", "classpath", "jvmArgs", "modules", "home", "train");
    private final ConfigValues values;

    IngotConfigReader(Path file, Path base) {
        this.values = new ConfigValues(file, base);
    }

    void read(JsonNode root, SpecBuilder builder) throws IngotException {
        values.checkKeys(root, KEYS, "");
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            switch (key) {
                case "name" -> builder.name(values.string(value, key));
                case "program" -> builder.program(values.hostPath(values.string(value, key)));
                case "args" -> builder.args(values.strings(value, key));
                case "env" -> readEnv(value, builder);
                case "files", "dirs" -> readMappings(key, value, builder);
                case "ports" -> {
                    List<PortForward> ports = new ArrayList<>();
                    for (String p : values.ports(value, key)) ports.add(PortForward.parse(p, values.where(key)));
                    builder.ports(ports);
                }
                case "memory" -> builder.memoryBytes(MemorySize.parse(value.asText(), values.where(key)));
                case "cpus" -> builder.cpus(values.integer(value, key));
                case "kernel" -> builder.kernel(KernelKind.parse(values.string(value, key), values.where(key)));
                case "java" -> builder.java(readJava(value));
                case "pkg" -> builder.pkg(values.string(value, key)); // program: is then the script
                case "volumes" -> builder.volumes(readVolumes(value));
                default -> throw new IllegalStateException(key); // checkKeys rejected it already
            }
        }
    }

    /** A list of "NAME:/path" strings or {name, path} mappings. */
    private List<VolumeMount> readVolumes(JsonNode value) throws IngotException {
        if (!value.isArray()) {
            throw new IngotException(values.file() + ": 'volumes' must be a list, e.g. [\"data:/data\"]");
        }
        List<VolumeMount> out = new ArrayList<>();
        for (JsonNode item : value) {
            if (item.isObject()) {
                values.checkKeys(item, Set.of("name", "path"), "volumes[].");
                if (!item.has("name") || !item.has("path")) {
                    throw new IngotException(values.file() + ": each of 'volumes' needs both name and path");
                }
                out.add(VolumeMount.of(values.string(item.get("name"), "volumes[].name"),
                        values.string(item.get("path"), "volumes[].path"), values.where("volumes")));
            } else {
                out.add(VolumeMount.parse(values.string(item, "volumes[]"), values.where("volumes")));
            }
        }
        return out;
    }

    private JavaApp readJava(JsonNode value) throws IngotException {
        if (!value.isObject()) throw new IngotException(values.file() + ": 'java' must be a mapping (jar, mainClass, classpath, ...)");
        values.checkKeys(value, JAVA_KEYS, "java.");
        Path jar = value.has("jar") ? values.hostPath(values.string(value.get("jar"), "java.jar")) : null;
        String mainClass = value.has("mainClass") ? values.string(value.get("mainClass"), "java.mainClass") : null;
        List<String> classPath = new ArrayList<>();
        if (value.has("classpath")) {
            JsonNode cp = value.get("classpath");
            List<String> entries = cp.isArray() ? values.strings(cp, "java.classpath")
                    : List.of(values.string(cp, "java.classpath").split(":"));
            for (String e : entries) {
                boolean all = e.endsWith("/*");
                String dir = all ? e.substring(0, e.length() - 2) : e;
                classPath.add(values.hostPath(dir) + (all ? "/*" : ""));
            }
        }
        List<String> jvmArgs = value.has("jvmArgs") ? values.strings(value.get("jvmArgs"), "java.jvmArgs") : List.of();
        List<String> modules = value.has("modules") ? values.strings(value.get("modules"), "java.modules") : List.of();
        Path home = value.has("home") ? values.hostPath(values.string(value.get("home"), "java.home")) : null;
        return new JavaApp(jar, mainClass, classPath, jvmArgs, modules, home, readTrain(value.get("train")));
    }

    /** train: true (the default time), false, or a duration such as 30s. */
    private Duration readTrain(JsonNode value) throws IngotException {
        if (value == null || value.isNull()) return null;
        if (value.isBoolean()) return value.booleanValue() ? TrainTime.DEFAULT : null;
        return TrainTime.parse(value.asText(), values.where("java.train"));
    }

    private void readEnv(JsonNode value, SpecBuilder builder) throws IngotException {
        if (!value.isObject()) throw new IngotException(values.file() + ": 'env' must be a mapping of NAME: value");
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            builder.env(e.getKey(), values.string(e.getValue(), "env." + e.getKey()));
        }
    }

    private void readMappings(String key, JsonNode value, SpecBuilder builder) throws IngotException {
        if (!value.isObject()) {
            throw new IngotException(values.file() + ": '" + key + "' must be a mapping of host path: image path");
        }
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            String imagePath = values.string(e.getValue(), key + "." + e.getKey());
            if (!imagePath.startsWith("/")) {
                throw new IngotException(values.file() + ": image path '" + imagePath + "' in '" + key
                        + "' must be absolute (start with /)");
            }
            builder.file(new FileMapping(values.hostPath(e.getKey()), imagePath));
        }
    }
}
