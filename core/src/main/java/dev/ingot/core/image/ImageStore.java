package dev.ingot.core.image;

import dev.ingot.core.DamagedFileException;
import dev.ingot.core.IngotException;
import dev.ingot.core.NotFoundException;
import dev.ingot.core.UsageException;
import dev.ingot.core.store.BlobStore;
import dev.ingot.core.store.BuildCache;
import dev.ingot.core.store.Digest;
import dev.ingot.core.store.DiskCache;
import dev.ingot.core.store.FileIndex;
import dev.ingot.core.store.ImageRef;
import dev.ingot.core.store.Staging;
import dev.ingot.core.store.TagStore;
import dev.ingot.core.util.IngotHome;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Images in the content-addressed store (docs/images.md): manifests and
 * parts in blobs/, names in tags/, the build cache in buildcache/. Reads
 * need no lock: every file is written once and renamed into place.
 */
public final class ImageStore {
    private final IngotHome home;
    private final BlobStore blobs;
    private final TagStore tags;
    private final BuildCache cache;
    private final FileIndex index;
    private final DiskCache disks;

    public ImageStore(IngotHome home) {
        this.home = home;
        this.blobs = new BlobStore(home.blobs());
        this.tags = new TagStore(home.tags());
        this.cache = new BuildCache(home.buildCache());
        this.index = new FileIndex(home.fileIndex());
        this.disks = new DiskCache(home.disks());
    }

    public IngotHome home() { return home; }
    public BlobStore blobs() { return blobs; }
    public TagStore tags() { return tags; }
    public BuildCache cache() { return cache; }
    public FileIndex index() { return index; }
    public DiskCache disks() { return disks; }

    public Staging staging() {
        return Staging.open(home.staging());
    }

    /** The image whose manifest has this digest. */
    public Image load(Digest digest) throws IngotException {
        Path file = blobs.path(digest);
        byte[] bytes;
        try {
            bytes = blobs.read(digest);
        } catch (IOException e) {
            throw new NotFoundException("image " + digest + " is not in the store (removed by ingot prune?)");
        }
        ImageManifest m;
        try {
            m = ManifestReader.parse(bytes);
        } catch (ManifestReader.NewerSchemaException e) {
            throw newerIngot(digest, e);
        } catch (IOException e) {
            throw new DamagedFileException(file, "image manifest", e);
        }
        if (!Digest.of(bytes).equals(digest)) {
            throw new DamagedFileException(file, "image manifest", new IOException("its content does not match its digest"));
        }
        return new Image(digest, m, blobs.path(m.kernel().digest()), blobs.path(m.rootfs().digest()),
                m.packages().stream().map(p -> blobs.path(p.digest())).toList());
    }

    /** Not damaged, only newer than this Ingot: say so, since "remove it" would be the wrong advice. */
    static IngotException newerIngot(Digest digest, ManifestReader.NewerSchemaException e) {
        String image = e.name() == null ? digest.toString() : e.name() + " (" + digest.shortHex() + ")";
        return new IngotException("image " + image + " was built by a newer Ingot (manifest schema " + e.schemaVersion()
                + "): upgrade Ingot or rebuild it", e);
    }

    /** By tag (NAME[:TAG]), full digest (sha256:HEX) or a unique digest prefix of at least 4 hex digits. */
    public Image resolve(String ref) throws IngotException {
        Optional<Image> found = find(ref);
        if (found.isEmpty()) throw new NotFoundException("image not found: " + ref + " (see ingot images)");
        return found.get();
    }

    public Optional<Image> find(String ref) throws IngotException {
        Optional<Digest> d = digestOf(ref);
        return d.isEmpty() ? Optional.empty() : Optional.of(load(d.get()));
    }

    /** The manifest digest a reference names, if any. */
    public Optional<Digest> digestOf(String ref) throws IngotException {
        try {
            if (Digest.looksLike(ref)) {
                Digest d = Digest.parse(ref);
                return blobs.has(d) ? Optional.of(d) : Optional.empty();
            }
            String hex = ref.startsWith(Digest.PREFIX) ? ref.substring(Digest.PREFIX.length()) : null;
            if (hex != null) return byPrefix(ref, hex);
            ImageRef tag;
            try {
                tag = ImageRef.parse(ref);
            } catch (UsageException e) {
                return Optional.empty();
            }
            Optional<Digest> tagged = tags.get(tag);
            if (tagged.isPresent() || !ref.matches("[0-9a-f]{4,63}")) return tagged;
            return byPrefix(ref, ref);
        } catch (IOException e) {
            throw new IngotException("cannot read the image store under " + home.root() + ": " + e.getMessage());
        }
    }

    private Optional<Digest> byPrefix(String ref, String hex) throws IOException, IngotException {
        if (!hex.matches("[0-9a-f]{4,64}")) return Optional.empty();
        List<Digest> manifests = new ArrayList<>();
        for (Digest d : new java.util.TreeSet<>(tags.list().values())) if (d.hex().startsWith(hex)) manifests.add(d);
        for (Digest d : new java.util.TreeSet<>(cache.values())) {
            if (d.hex().startsWith(hex) && !manifests.contains(d)) manifests.add(d);
        }
        if (manifests.size() > 1) throw new UsageException("image ID prefix '" + ref + "' is ambiguous: give more of it");
        return manifests.stream().findFirst();
    }

    /** A tag and the image it names. */
    public record Tagged(ImageRef ref, Image image) {}

    /**
     * Every tag and its image. A tag whose manifest cannot be read (damaged, or from a
     * newer Ingot) goes to skipped, once per manifest, so one bad image hides no other.
     */
    public List<Tagged> tagged(List<IngotException> skipped) throws IngotException {
        List<Tagged> out = new ArrayList<>();
        Set<Digest> unreadable = new HashSet<>();
        try {
            for (Map.Entry<String, Digest> e : tags.list().entrySet()) {
                if (unreadable.contains(e.getValue())) continue;
                try {
                    out.add(new Tagged(ImageRef.parse(e.getKey()), load(e.getValue())));
                } catch (IngotException bad) {
                    unreadable.add(e.getValue());
                    skipped.add(bad);
                }
            }
        } catch (IOException e) {
            throw new IngotException("cannot list images in " + home.tags() + ": " + e.getMessage());
        }
        return out;
    }

    /** Every tag naming this manifest. */
    public List<ImageRef> tagsOf(Digest digest) throws IngotException {
        List<ImageRef> out = new ArrayList<>();
        try {
            for (Map.Entry<String, Digest> e : tags.list().entrySet()) {
                if (e.getValue().equals(digest)) out.add(ImageRef.parse(e.getKey()));
            }
        } catch (IOException e) {
            throw new IngotException("cannot list images in " + home.tags() + ": " + e.getMessage());
        }
        return out;
    }

    public void tag(ImageRef ref, Digest digest) throws IngotException {
        try (Staging s = staging()) {
            tags.set(ref, digest, s);
        } catch (IOException e) {
            throw new IngotException("cannot tag image " + ref + ": " + e.getMessage());
        }
    }
}
