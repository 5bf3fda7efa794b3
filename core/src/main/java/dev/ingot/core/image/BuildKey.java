package dev.ingot.core.image;

import dev.ingot.core.Version;
import dev.ingot.core.rootfs.RootfsEntry;
import dev.ingot.core.rootfs.RootfsLayout;
import dev.ingot.core.store.Digest;
import dev.ingot.core.store.FileIndex;
import dev.ingot.core.store.Staging;
import dev.ingot.core.util.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The digest of everything a build reads: the planned file tree (every
 * path, mode, and the content digest of every host file, taken from the
 * {@link FileIndex} so an unchanged file is only stat'ed), the kernel's
 * digest, and the manifest's run and program sections (args, env, ports,
 * memory, cpus, name). Equal keys make byte-equal root file systems, so the
 * build cache may answer with the earlier image.
 */
final class BuildKey {
    /** Bump when the rootfs layout or manifest changes meaning, so old cache entries stop matching. */
    private static final int KEY_VERSION = 2;

    private BuildKey() {
    }

    /** @param layouts the rootfs parts in boot order: package trees, then the image's own files */
    static Digest of(String name, java.util.List<RootfsLayout> layouts, Digest kernel, ImageManifest.Run run, ImageManifest.Program program,
                     FileIndex index, Staging staging) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append("ingot-build ").append(KEY_VERSION).append(' ').append(Version.VERSION).append('\n');
        s.append("name ").append(name).append('\n');
        s.append("kernel ").append(kernel).append('\n');
        s.append("run ").append(new String(Json.bytes(run), StandardCharsets.UTF_8)).append('\n');
        s.append("program ").append(new String(Json.bytes(program), StandardCharsets.UTF_8)).append('\n');
        for (RootfsLayout layout : layouts) {
            s.append("part\n");
            for (RootfsEntry e : layout.entries()) {
                s.append(e.path().length()).append(':').append(e.path()).append(' ').append(Integer.toOctalString(e.mode())).append(' ');
                switch (e) {
                    case RootfsEntry.Directory d -> s.append("dir");
                    case RootfsEntry.HostFile f -> s.append("file ").append(index.digest(f.source(), staging));
                    case RootfsEntry.Content c -> s.append("content ").append(Digest.of(c.bytes()));
                    case RootfsEntry.Symlink l -> s.append("link ").append(l.target().length()).append(':').append(l.target());
                }
                s.append('\n');
            }
        }
        return Digest.of(s.toString().getBytes(StandardCharsets.UTF_8));
    }
}
