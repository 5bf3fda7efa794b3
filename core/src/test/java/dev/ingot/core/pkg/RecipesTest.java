package dev.ingot.core.pkg;

import dev.ingot.core.NotFoundException;
import dev.ingot.core.UsageException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The recipes in the repository's packages/ folder, as `ingot pkg` reads them. */
class RecipesTest {
    private final Recipes recipes = new Recipes(Path.of("..", "packages"));

    @Test
    void all_listsEveryRuntimeOfTheIssue() throws Exception {
        assertThat(recipes.all()).extracting(Recipe::name).containsExactly("java", "node", "php", "python", "ruby");
    }

    @Test
    void resolve_noVersionTakesTheNewest() throws Exception {
        Recipes.Resolved r = recipes.resolve(PackageRef.parse("python"));
        assertThat(r.label()).isEqualTo("python:3.11");
        assertThat(r.version().program()).isEqualTo("/usr/bin/python3.11");
        assertThat(r.version().debs()).containsExactly("python3.11=3.11*");
    }

    @Test
    void resolve_unknownNameAndVersion_sayWhatExists() {
        assertThatThrownBy(() -> recipes.resolve(PackageRef.parse("cobol"))).isInstanceOf(NotFoundException.class)
                .hasMessage("unknown package 'cobol': Ingot has recipes for java, node, php, python, ruby (ingot pkg list)");
        assertThatThrownBy(() -> recipes.resolve(PackageRef.parse("python:2.7"))).isInstanceOf(NotFoundException.class)
                .hasMessage("unknown version '2.7' of package python: known versions are 3.11");
    }

    @Test
    void parse_badReference_isAUsageError() {
        assertThatThrownBy(() -> PackageRef.parse("Py thon")).isInstanceOf(UsageException.class)
                .hasMessageContaining("write NAME or NAME:VERSION");
        assertThatThrownBy(() -> PackageRef.parse("python:")).isInstanceOf(UsageException.class);
    }
}
