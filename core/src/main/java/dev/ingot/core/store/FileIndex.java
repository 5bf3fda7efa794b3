package dev.ingot.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

/**
 * The content digests of host files, remembered as git's index does: an
 * entry keyed by the file's absolute path holds its size, mtime, ctime and
 * inode with the digest; while all four still match, the digest is trusted
 * and the file is not read again. So an unchanged 16 MB kernel or program
 * costs one stat per build, not a hash. index/HEX(path) under INGOT_HOME,
 * one small file per host file, each replaced atomically.
 */
public final class FileIndex {
    private final Path root;

    public FileIndex(Path indexRoot) {
        this.root = indexRoot;
    }

    /** The sha256 of a host file, from the index when the file is unchanged. */
    public Digest digest(Path file, Staging staging) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        String stamp = stamp(abs);
        Path entry = root.resolve(Digest.of(abs.toString().getBytes(StandardCharsets.UTF_8)).hex());
        try {
            String[] saved = Files.readString(entry, StandardCharsets.UTF_8).trim().split(" ");
            if (saved.length == 2 && saved[0].equals(stamp) && Digest.looksLike(saved[1])) return new Digest(saved[1]);
        } catch (NoSuchFileException e) {
            // first time we see this file
        } catch (IOException | IllegalArgumentException e) {
            // a damaged entry is only a cache miss
        }
        Digest d = hash(abs);
        // Re-stat: a file that changed while it was read is not remembered (it would be wrong).
        if (stamp(abs).equals(stamp)) {
            Files.createDirectories(root);
            staging.writeAtomically(entry, (stamp + " " + d.hex() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return d;
    }

    /** size:mtime-ns:ctime-ns:inode, read with one stat. */
    static String stamp(Path file) throws IOException {
        Map<String, Object> a = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,ino");
        return a.get("size") + ":" + nanos((FileTime) a.get("lastModifiedTime")) + ":" + nanos((FileTime) a.get("ctime"))
                + ":" + a.get("ino");
    }

    private static long nanos(FileTime t) {
        return t.to(java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public static Digest hash(Path file) throws IOException {
        MessageDigest md = Digest.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
        }
        return new Digest(HexFormat.of().formatHex(md.digest()));
    }
}
