package dev.ingot.core.pkg;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TreesTest {
    @TempDir Path tree;

    @Test
    void relativizeLinks_absoluteLinksLeadInsideTheTree() throws Exception {
        Files.createDirectories(tree.resolve("lib/x86_64-linux-gnu"));
        Files.writeString(tree.resolve("lib/x86_64-linux-gnu/ld.so"), "ld");
        Files.createDirectories(tree.resolve("lib64"));
        Files.createSymbolicLink(tree.resolve("lib64/ld.so"), Path.of("/lib/x86_64-linux-gnu/ld.so"));

        Trees.relativizeLinks(tree);

        assertThat(Files.readSymbolicLink(tree.resolve("lib64/ld.so"))).isEqualTo(Path.of("../lib/x86_64-linux-gnu/ld.so"));
        assertThat(Files.readString(tree.resolve("lib64/ld.so"))).isEqualTo("ld");
    }

    @Test
    void prune_removesDocsTheRecipesPathsAndGlobs_keepsTheRest() throws Exception {
        for (String f : List.of("usr/share/doc/python3.11/README", "usr/share/man/man1/python3.1.gz",
                "usr/lib/python3.11/test/test_os.py", "usr/lib/x86_64-linux-gnu/libpython3.11.a",
                "usr/lib/python3.11/json/__init__.py", "usr/bin/python3.11")) {
            Files.createDirectories(tree.resolve(f).getParent());
            Files.writeString(tree.resolve(f), f);
        }

        TreePruner.prune(tree, List.of("usr/lib/python3.11/test"));

        assertThat(Trees.walk(tree).stream().filter(Files::isRegularFile).map(p -> tree.relativize(p).toString()))
                .containsExactlyInAnyOrder("usr/lib/python3.11/json/__init__.py", "usr/bin/python3.11");
    }

    @Test
    void digest_sameTreeSameDigest_contentChangesIt() throws Exception {
        Files.writeString(tree.resolve("a"), "1");
        String first = Trees.digest(tree);
        assertThat(Trees.digest(tree)).isEqualTo(first).startsWith("sha256:");
        Files.writeString(tree.resolve("a"), "2");
        assertThat(Trees.digest(tree)).isNotEqualTo(first);
    }
}
