package dev.ingot.core.pkg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** File tree helpers for package trees: size, digest, links, removal. */
final class Trees {
    private Trees() {
    }

    /** Every path under root (root excluded), sorted, without following links. */
    static List<Path> walk(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root)).sorted().toList();
        }
    }

    /** Bytes in the regular files under root. */
    static long size(Path root) throws IOException {
        long total = 0;
        for (Path p : walk(root)) if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) total += Files.size(p);
        return total;
    }

    /**
     * The tree's identity: sha256 over every path in order with its kind, its
     * executable bit, and its content or link target. Two builds of the same
     * packages give the same digest.
     */
    static String digest(Path root) throws IOException {
        MessageDigest tree = sha256();
        byte[] buf = new byte[1 << 16];
        for (Path p : walk(root)) {
            String rel = root.relativize(p).toString();
            if (Files.isSymbolicLink(p)) {
                tree.update(("L " + rel + " -> " + Files.readSymbolicLink(p) + "\n").getBytes(StandardCharsets.UTF_8));
            } else if (Files.isDirectory(p)) {
                tree.update(("D " + rel + "\n").getBytes(StandardCharsets.UTF_8));
            } else {
                MessageDigest file = sha256();
                try (InputStream in = Files.newInputStream(p)) {
                    for (int n; (n = in.read(buf)) > 0; ) file.update(buf, 0, n);
                }
                String x = Files.isExecutable(p) ? "x" : "-";
                tree.update(("F " + x + " " + rel + " " + HexFormat.of().formatHex(file.digest()) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        return "sha256:" + HexFormat.of().formatHex(tree.digest());
    }

    /**
     * Debian packages hold absolute links (/lib64/ld-linux-x86-64.so.2 →
     * /lib/x86_64-linux-gnu/...). Inside a tree on the host they would lead
     * out of it, to the host's files; made relative, they stay inside and
     * mean the same in the image.
     */
    static void relativizeLinks(Path root) throws IOException {
        for (Path p : walk(root)) {
            if (!Files.isSymbolicLink(p)) continue;
            Path target = Files.readSymbolicLink(p);
            if (!target.isAbsolute()) continue;
            Path inTree = root.resolve(target.toString().substring(1));
            Files.delete(p);
            Files.createSymbolicLink(p, p.getParent().relativize(inTree));
        }
    }

    /** Removes a path and everything under it; links are removed, not followed. */
    static void delete(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    static void deleteQuietly(Path root) {
        try {
            delete(root);
        } catch (IOException ignored) {
            // a leftover in a staging folder is removed by the next build
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
