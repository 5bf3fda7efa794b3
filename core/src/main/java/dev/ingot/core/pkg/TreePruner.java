package dev.ingot.core.pkg;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes from a package tree what a program in a VM never uses: docs, man
 * and info pages, translations (programs fall back to the C locale's
 * English), headers, static libraries, Debian's packaging leftovers, plus
 * what the recipe names (test suites, GUI toolkits).
 */
final class TreePruner {
    /** Relative paths (or globs) every package loses. */
    static final List<String> COMMON = List.of(
            "usr/share/doc", "usr/share/man", "usr/share/info", "usr/share/locale", "usr/share/lintian",
            "usr/share/bug", "usr/share/gdb", "usr/share/bash-completion", "usr/share/zsh", "usr/share/menu",
            "usr/share/applications", "usr/share/pixmaps", "usr/share/icons", "usr/include",
            "usr/lib/x86_64-linux-gnu/pkgconfig", "usr/share/pkgconfig", "etc/init.d", "etc/cron.daily",
            "etc/logrotate.d", "usr/lib/systemd", "lib/systemd", "usr/lib/tmpfiles.d", "usr/lib/sysusers.d",
            "**.a");

    private TreePruner() {
    }

    static void prune(Path tree, List<String> extra) throws IOException {
        List<String> all = new ArrayList<>(COMMON);
        all.addAll(extra);
        List<PathMatcher> globs = new ArrayList<>();
        for (String p : all) {
            if (p.contains("*")) globs.add(FileSystems.getDefault().getPathMatcher("glob:" + p));
            else Trees.delete(tree.resolve(p));
        }
        if (globs.isEmpty()) return;
        for (Path p : Trees.walk(tree)) {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) continue; // under a folder already removed
            Path rel = tree.relativize(p);
            for (PathMatcher g : globs) {
                if (g.matches(rel)) {
                    Trees.delete(p);
                    break;
                }
            }
        }
    }
}
