package dev.ingot.core.image;

import dev.ingot.core.Version;
import dev.ingot.core.rootfs.RootfsEntry;
import dev.ingot.core.rootfs.RootfsLayout;
import dev.ingot.core.store.Digest;
import dev.ingot.core.store.FileIndex;
import dev.ingot.core.store.Staging;
import dev.ingot.core.spec.PortForward;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The digest of everything a build reads: the planned file tree (every
 * path, mode, and the content digest of every host file, taken from the
 * {@link FileIndex} so an unchanged file is only stat'ed), the kernel's
 * digest, and the manifest's run and program sections (args, env, ports,
 * memory, cpus, name). Equal keys make byte-equal root file systems, so the
 * build cache may answer with the earlier image. The key text is written by
 * hand, not with Jackson's object mapper: setting that mapper up for these
 * types was a good part of every `ingot run` of an unchanged program.
 */
final class BuildKey {
    /**
     * Bump when the rootfs layout or manifest changes meaning, so old cache entries stop matching.
     * 4: images with packages are written as manifest schema 3, so the cache must not answer with
     * their schema-2 manifests.
     */
    private static final int KEY_VERSION = 4;

    private BuildKey() {
    }

    /** @param layouts the rootfs parts in boot order: package trees, then the image's own files */
    static Digest of(String name, List<RootfsLayout> layouts, Digest kernel, ImageManifest.Run run, ImageManifest.Program program,
                     FileIndex index, Staging staging) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append("ingot-build ").append(KEY_VERSION).append(' ').append(Version.VERSION).append('\n');
        s.append("name ").append(name).append('\n');
        s.append("kernel ").append(kernel).append('\n');
        // Every field of Run and Program, by hand: BuildKeyTest fails when a record gains one this misses.
        s.append("run ").append(run.kernel().id()).append(' ').append(run.memoryBytes()).append(' ').append(run.cpus());
        words(s.append(" argv"), run.argv());
        s.append(" env ").append(run.env().size());
        for (Map.Entry<String, String> e : new TreeMap<>(run.env()).entrySet()) word(word(s, e.getKey()), e.getValue());
        s.append(" ports ").append(run.ports().size());
        for (PortForward p : run.ports()) {
            word(s, p.hostAddress()).append(' ').append(p.hostPort()).append(' ').append(p.guestPort());
            word(s, p.protocol());
        }
        s.append("\nprogram");
        word(word(s, program.hostPath()), program.imagePath());
        word(s, program.linkage() == null ? null : program.linkage().id());
        word(s, program.interpreter()).append(" libraries ").append(program.libraries().size());
        for (ImageManifest.Library l : program.libraries()) word(word(s, l.imagePath()), l.hostPath());
        s.append('\n');
        for (RootfsLayout layout : layouts) {
            s.append("part\n");
            for (RootfsEntry e : layout.entries()) {
                s.append(e.path().length()).append(':').append(e.path()).append(' ').append(Integer.toOctalString(e.mode())).append(' ');
                // An if chain rather than a pattern switch: a type switch is linked at run time by generating a class,
                // which every `ingot run` would pay for.
                if (e instanceof RootfsEntry.Directory) {
                    s.append("dir");
                } else if (e instanceof RootfsEntry.HostFile f) {
                    s.append("file ").append(index.digest(f.source(), staging));
                } else if (e instanceof RootfsEntry.Content c) {
                    s.append("content ").append(Digest.of(c.bytes()));
                } else if (e instanceof RootfsEntry.Symlink l) {
                    s.append("link ").append(l.target().length()).append(':').append(l.target());
                } else {
                    throw new IllegalStateException("unknown rootfs entry " + e);
                }
                s.append('\n');
            }
        }
        return Digest.of(s.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static StringBuilder words(StringBuilder s, List<String> words) {
        s.append(' ').append(words.size());
        for (String w : words) word(s, w);
        return s;
    }

    /** One value, length-prefixed so no value can pass for two, or for another field; null is "-". */
    private static StringBuilder word(StringBuilder s, String value) {
        s.append(' ');
        return value == null ? s.append('-') : s.append(value.length()).append(':').append(value);
    }
}
