package dev.ingot.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * blobs/sha256/HEX: every part of every image (kernels, root file systems,
 * manifests) stored once under its own digest, read-only. A blob is written
 * in a {@link Staging} folder, hashed as it is written, and renamed into
 * place; two processes adding the same blob both succeed, as the bytes are
 * the same.
 */
public final class BlobStore {
    private final Path root;

    public BlobStore(Path blobsRoot) {
        this.root = blobsRoot.resolve("sha256");
    }

    public Path path(Digest d) {
        return root.resolve(d.hex());
    }

    public boolean has(Digest d) {
        return Files.isRegularFile(path(d));
    }

    /** Something that writes a blob's bytes. */
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** A stored blob's digest and size. */
    public record Stored(Digest digest, long size) {}

    /** Writes a blob through staging, hashing as it goes. */
    public Stored write(Staging staging, Writer writer) throws IOException {
        Path tmp = staging.newFile("blob");
        MessageDigest md = Digest.sha256();
        try (OutputStream out = new DigestOutputStream(
                new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16), md)) {
            writer.write(out);
        }
        Digest d = new Digest(HexFormat.of().formatHex(md.digest()));
        long size = Files.size(tmp);
        commit(tmp, d);
        return new Stored(d, size);
    }

    public Stored writeBytes(Staging staging, byte[] bytes) throws IOException {
        return write(staging, out -> out.write(bytes));
    }

    /**
     * Adds a host file whose digest is already known (from the {@link FileIndex});
     * a blob already present costs nothing: no read, no copy.
     */
    public Stored importFile(Staging staging, Path file, Digest known) throws IOException {
        if (has(known)) return new Stored(known, Files.size(path(known)));
        Path tmp = staging.newFile("import");
        MessageDigest md = Digest.sha256();
        try (InputStream in = Files.newInputStream(file);
             OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), md)) {
            in.transferTo(out);
        }
        Digest actual = new Digest(HexFormat.of().formatHex(md.digest()));
        if (!actual.equals(known)) throw new IOException(file + " changed while it was being stored: try again");
        commit(tmp, actual);
        return new Stored(actual, Files.size(path(actual)));
    }

    /**
     * Takes a file already written in staging (by a tool that wants a path,
     * not a stream: the boot disk writer leaves holes) into the store: hashes
     * it and renames it into place, with no copy.
     */
    public Stored adopt(Path staged) throws IOException {
        MessageDigest md = Digest.sha256();
        try (InputStream in = Files.newInputStream(staged)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        Digest d = new Digest(HexFormat.of().formatHex(md.digest()));
        long size = Files.size(staged);
        commit(staged, d);
        return new Stored(d, size);
    }

    private void commit(Path tmp, Digest d) throws IOException {
        Path target = path(d);
        if (Files.exists(target)) {
            Files.delete(tmp);
            return;
        }
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("r--r--r--"));
        Files.createDirectories(root);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public byte[] read(Digest d) throws IOException {
        return Files.readAllBytes(path(d));
    }

    public List<Digest> list() throws IOException {
        List<Digest> out = new ArrayList<>();
        if (!Files.isDirectory(root)) return out;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(root)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (Digest.looksLike(name)) out.add(new Digest(name));
            }
        }
        return out;
    }

    public long size(Digest d) throws IOException {
        return Files.size(path(d));
    }

    public void delete(Digest d) throws IOException {
        Files.deleteIfExists(path(d));
    }
}
