package dev.ingot.core.pkg;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ingot.core.IngotException;
import dev.ingot.core.NotFoundException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The recipes in Ingot's packages/ folder, one YAML file per runtime. */
public final class Recipes {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private final Path dir;

    public Recipes(Path dir) {
        this.dir = dir;
    }

    /** Every recipe, by name. */
    public List<Recipe> all() throws IngotException {
        List<Recipe> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
                out.add(read(f));
            }
        } catch (IOException e) {
            throw new IngotException("cannot list the package recipes in " + dir + ": " + e.getMessage());
        }
        return out;
    }

    /** The recipe and version a reference names; a reference without a version takes the newest. */
    public Resolved resolve(PackageRef ref) throws IngotException {
        Path file = dir.resolve(ref.name() + ".yaml");
        if (!Files.isRegularFile(file)) {
            List<String> names = all().stream().map(Recipe::name).toList();
            throw new NotFoundException("unknown package '" + ref.name() + "': Ingot has recipes for "
                    + String.join(", ", names) + " (ingot pkg list)");
        }
        Recipe recipe = read(file);
        if (ref.version() == null) return new Resolved(recipe, recipe.newest());
        for (Recipe.Version v : recipe.versions()) {
            if (v.version().equals(ref.version())) return new Resolved(recipe, v);
        }
        throw new NotFoundException("unknown version '" + ref.version() + "' of package " + recipe.name()
                + ": known versions are " + String.join(", ", recipe.versions().stream().map(Recipe.Version::version).toList()));
    }

    /** A recipe with the version chosen. */
    public record Resolved(Recipe recipe, Recipe.Version version) {
        public String label() {
            return recipe.name() + ":" + version.version();
        }
    }

    private static Recipe read(Path file) throws IngotException {
        Recipe r;
        try {
            r = YAML.readValue(file.toFile(), Recipe.class);
        } catch (IOException e) {
            throw new IngotException("bad package recipe " + file + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        String expected = file.getFileName().toString().replaceFirst("\\.yaml$", "");
        if (r == null || !expected.equals(r.name()) || r.versions().isEmpty()) {
            throw new IngotException("bad package recipe " + file + ": it needs 'name: " + expected + "' and at least one version");
        }
        for (Recipe.Version v : r.versions()) {
            if (!r.isJava() && (v.debs().isEmpty() || v.program() == null || !v.program().startsWith("/"))) {
                throw new IngotException("bad package recipe " + file + ": version " + v.version()
                        + " needs 'debs' and an absolute 'program'");
            }
        }
        return r;
    }
}
