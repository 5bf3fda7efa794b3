package dev.ingot.core.rootfs;

import dev.ingot.core.IngotException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** copyTree with symbolic links: linked folders arrive full, cycles are refused. */
class RootfsLayoutTest {
    @TempDir Path dir;

    private List<String> paths(RootfsLayout layout) {
        return layout.entries().stream().map(RootfsEntry::path).toList();
    }

    @Test
    void copyTree_symlinkedDirectoryInside_arrivesWithItsFiles() throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared/css"));
        Files.writeString(shared.resolve("site.css"), "body{}");
        Path tree = Files.createDirectories(dir.resolve("static"));
        Files.writeString(tree.resolve("index.html"), "<p>hi</p>");
        Files.createSymbolicLink(tree.resolve("assets"), Path.of("../shared"));
        RootfsLayout layout = new RootfsLayout();
        layout.copyTree(tree, "/srv");
        assertThat(paths(layout)).contains("/srv/index.html", "/srv/assets", "/srv/assets/css", "/srv/assets/css/site.css");
        assertThat(layout.entries()).filteredOn(e -> e.path().equals("/srv/assets/css/site.css")).first()
                .isInstanceOf(RootfsEntry.HostFile.class);
    }

    @Test
    void copyTree_mappedFolderIsItselfASymlink() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real"));
        Files.writeString(real.resolve("a.txt"), "a");
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        RootfsLayout layout = new RootfsLayout();
        layout.copyTree(link, "/data");
        assertThat(paths(layout)).contains("/data", "/data/a.txt");
    }

    @Test
    void copyTree_cycles_refusedNamingTheLink() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("t/sub"));
        Files.writeString(tree.resolve("f"), "x");
        Path loop = Files.createSymbolicLink(tree.resolve("up"), Path.of(".."));
        assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                assertThatThrownBy(() -> new RootfsLayout().copyTree(dir.resolve("t"), "/t"))
                        .isInstanceOf(IngotException.class).hasMessageContaining(loop.toString()).hasMessageContaining("cycle"));
        Path tree2 = Files.createDirectories(dir.resolve("t2"));
        Files.createSymbolicLink(tree2.resolve("root"), Path.of("/"));
        assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                assertThatThrownBy(() -> new RootfsLayout().copyTree(tree2, "/t2")).hasMessageContaining("cycle"));
        Path a = Files.createDirectories(dir.resolve("t3/a"));
        Path b = Files.createDirectories(dir.resolve("t3/b"));
        Files.createSymbolicLink(a.resolve("to-b"), Path.of("../b"));
        Files.createSymbolicLink(b.resolve("to-a"), Path.of("../a"));
        assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                assertThatThrownBy(() -> new RootfsLayout().copyTree(dir.resolve("t3"), "/t3")).hasMessageContaining("cycle"));
    }

    @Test
    void copyTree_danglingLink_keptAsLink() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("d"));
        Files.createSymbolicLink(tree.resolve("gone"), Path.of("/no/such/target"));
        RootfsLayout layout = new RootfsLayout();
        layout.copyTree(tree, "/d");
        assertThat(layout.entries()).contains(new RootfsEntry.Symlink("/d/gone", "/no/such/target"));
    }
}
