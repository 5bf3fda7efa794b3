package dev.ingot.core.rootfs;

import dev.ingot.core.IngotException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeMap;

/**
 * The file tree of an image, kept sorted by path so the archive is the same
 * bytes whatever order things were added in. Adding a file adds its parent
 * directories. Two different sources for one path is an error, not a silent
 * overwrite.
 */
public final class RootfsLayout {
    private final TreeMap<String, RootfsEntry> entries = new TreeMap<>();

    public RootfsLayout() {
        entries.put("/", new RootfsEntry.Directory("/", 0755));
    }

    public void directory(String path, int mode) throws IngotException {
        put(new RootfsEntry.Directory(normalize(path), mode));
    }

    public void hostFile(String path, Path source) throws IngotException {
        put(new RootfsEntry.HostFile(normalize(path), permissions(source), source.toAbsolutePath()));
    }

    public void content(String path, int mode, byte[] bytes) throws IngotException {
        put(new RootfsEntry.Content(normalize(path), mode, bytes));
    }

    public void content(String path, String text) throws IngotException {
        content(path, 0644, text.getBytes(StandardCharsets.UTF_8));
    }

    public void symlink(String path, String target) throws IngotException {
        put(new RootfsEntry.Symlink(normalize(path), target));
    }

    /**
     * Copies a host file or directory tree to an image path, following
     * symbolic links to files and directories alike, so a tree that links in
     * a folder from elsewhere arrives with that folder's contents. A link that
     * leads back to a folder already being copied (a cycle, including a link
     * to an ancestor of the tree such as "/") is an error naming the link.
     * A dangling link is kept as a link.
     */
    public void copyTree(Path host, String imagePath) throws IngotException {
        if (!Files.exists(host)) {
            throw new IngotException("file to copy into the image not found: " + host);
        }
        if (Files.isRegularFile(host)) {
            hostFile(imagePath, host);
            return;
        }
        try {
            Path realRoot = host.toRealPath();
            Files.walkFileTree(host, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (!dir.equals(host) && Files.isSymbolicLink(dir) && realRoot.startsWith(dir.toRealPath())) {
                        throw cycle(dir, host);
                    }
                    add(() -> directory(target(dir), 0755));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile()) add(() -> hostFile(target(file), file));
                    else if (attrs.isSymbolicLink()) add(() -> symlink(target(file), Files.readSymbolicLink(file).toString()));
                    return FileVisitResult.CONTINUE; // devices, sockets and fifos have no place in an image
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof FileSystemLoopException) throw cycle(file, host);
                    throw e;
                }

                private String target(Path p) {
                    String rel = host.relativize(p).toString();
                    return rel.isEmpty() ? imagePath : imagePath + "/" + rel;
                }
            });
        } catch (Abort a) {
            throw a.cause;
        } catch (IOException e) {
            throw new IngotException("cannot read " + host + ": " + e.getMessage());
        }
    }

    /**
     * Copies a self-contained tree (a package's) to an image path exactly as
     * it is: links stay links (they point inside the tree), nothing is
     * followed out of it.
     */
    public void copyTreeAsIs(Path host, String imagePath) throws IngotException {
        try (java.util.stream.Stream<Path> walk = Files.walk(host)) {
            for (Path p : walk.sorted().toList()) {
                String rel = host.relativize(p).toString();
                String target = rel.isEmpty() ? imagePath : (imagePath.endsWith("/") ? imagePath : imagePath + "/") + rel;
                if (Files.isSymbolicLink(p)) symlink(target, Files.readSymbolicLink(p).toString());
                else if (Files.isDirectory(p)) directory(target, 0755);
                else if (Files.isRegularFile(p)) hostFile(target, p);
            }
        } catch (IOException e) {
            throw new IngotException("cannot read " + host + ": " + e.getMessage());
        }
    }

    /** Carries an IngotException out of a FileVisitor, whose methods may only throw IOException. */
    private static final class Abort extends IOException {
        final IngotException cause;

        Abort(IngotException cause) {
            super(cause.getMessage());
            this.cause = cause;
        }
    }

    private interface Step {
        void run() throws IngotException, IOException;
    }

    private static void add(Step step) throws IOException {
        try {
            step.run();
        } catch (IngotException e) {
            throw new Abort(e);
        }
    }

    private static Abort cycle(Path link, Path tree) {
        return new Abort(new IngotException("symbolic link " + link + " leads back into a folder it is in (a cycle): "
                + "remove it from " + tree + ", or map its target separately"));
    }

    public Collection<RootfsEntry> entries() {
        return entries.values();
    }

    public boolean contains(String path) {
        return entries.containsKey(normalize(path));
    }

    private void put(RootfsEntry entry) throws IngotException {
        addParents(entry.path());
        RootfsEntry old = entries.get(entry.path());
        if (old != null && !same(old, entry)) {
            if (old instanceof RootfsEntry.Directory && entry instanceof RootfsEntry.Directory) return;
            throw new IngotException("two different things would go at " + entry.path() + " in the image: "
                    + describe(old) + " and " + describe(entry));
        }
        entries.put(entry.path(), entry);
    }

    private void addParents(String path) throws IngotException {
        int slash = path.lastIndexOf('/');
        if (slash <= 0) return;
        String parent = path.substring(0, slash);
        RootfsEntry existing = entries.get(parent);
        if (existing == null) {
            addParents(parent);
            entries.put(parent, new RootfsEntry.Directory(parent, 0755));
        } else if (!(existing instanceof RootfsEntry.Directory)) {
            throw new IngotException(parent + " is a file in the image, so " + path + " cannot go under it");
        }
    }

    private static boolean same(RootfsEntry a, RootfsEntry b) {
        if (a instanceof RootfsEntry.Content ca && b instanceof RootfsEntry.Content cb) {
            return ca.mode() == cb.mode() && Arrays.equals(ca.bytes(), cb.bytes());
        }
        return a.equals(b);
    }

    private static String describe(RootfsEntry e) {
        return switch (e) {
            case RootfsEntry.HostFile f -> f.source().toString();
            case RootfsEntry.Directory d -> "a directory";
            case RootfsEntry.Content c -> "generated content";
            case RootfsEntry.Symlink s -> "a link to " + s.target();
        };
    }

    static String normalize(String path) {
        if (!path.startsWith("/")) throw new IllegalArgumentException("image paths are absolute: " + path);
        String n = Path.of(path).normalize().toString();
        return n.isEmpty() ? "/" : n;
    }

    private static int permissions(Path source) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(source);
            int mode = 0;
            for (PosixFilePermission p : perms) mode |= 1 << (8 - p.ordinal());
            return mode;
        } catch (IOException | UnsupportedOperationException e) {
            return Files.isExecutable(source) ? 0755 : 0644;
        }
    }
}
