package dev.ingot.core.image;

import dev.ingot.core.IngotException;
import dev.ingot.core.store.Digest;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * Garbage collection of the blob store: keeps every manifest named by a
 * root (a tag, an instance, a service, a build cache entry), the parts those
 * manifests name and the boot disks made from them (disks/), and removes
 * every other blob and the disk entries of dead manifests. The caller holds the store
 * lock exclusively, so no build is between writing a blob and naming it.
 */
public final class ImagePruner {
    private final ImageStore store;

    public ImagePruner(ImageStore store) {
        this.store = store;
    }

    /** What a prune removed. */
    public record Report(int blobs, long bytes) {}

    public Report prune(Set<Digest> liveManifests) throws IngotException {
        return removeAllBut(keep(liveManifests), liveManifests);
    }

    /**
     * The blobs to keep: the live manifests and the parts they name. Reads every live
     * manifest, so a damaged or newer one stops the prune here, before anything is removed:
     * its parts are unknown.
     */
    public Set<Digest> keep(Set<Digest> liveManifests) throws IngotException {
        Set<Digest> keep = new HashSet<>();
        for (Digest m : liveManifests) {
            if (!store.blobs().has(m)) continue;
            ImageManifest manifest = store.load(m).manifest();
            keep.add(m);
            keep.add(manifest.kernel().digest());
            keep.add(manifest.rootfs().digest());
            for (ImageManifest.Part p : manifest.packages()) keep.add(p.digest());
            if (manifest.disk() != null) keep.add(manifest.disk().digest());
        }
        return keep;
    }

    /** Removes every blob not in keep (nor a boot disk of a live manifest). */
    public Report removeAllBut(Set<Digest> keep, Set<Digest> liveManifests) throws IngotException {
        keep = new HashSet<>(keep);
        int removed = 0;
        long bytes = 0;
        try {
            store.disks().forgetAllBut(keep);
            for (Digest m : liveManifests) keep.addAll(store.disks().disksOf(m));
            for (Digest d : store.blobs().list()) {
                if (keep.contains(d)) continue;
                bytes += store.blobs().size(d);
                store.blobs().delete(d);
                removed++;
            }
        } catch (IOException e) {
            throw new IngotException("cannot prune " + store.home().blobs() + ": " + e.getMessage());
        }
        return new Report(removed, bytes);
    }
}
