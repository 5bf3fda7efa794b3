package dev.ingot.core.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreFilesTest {
    @TempDir Path home;

    @Test
    void blobs_areStoredOnceByDigest_readOnly() throws Exception {
        BlobStore blobs = new BlobStore(home.resolve("blobs"));
        try (Staging s = Staging.open(home.resolve("staging"))) {
            BlobStore.Stored a = blobs.writeBytes(s, "hello".getBytes());
            BlobStore.Stored b = blobs.writeBytes(s, "hello".getBytes());
            assertThat(a).isEqualTo(b);
            assertThat(a.digest().toString())
                    .isEqualTo("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
            assertThat(blobs.list()).containsExactly(a.digest());
            assertThat(Files.isWritable(blobs.path(a.digest())) && !isRoot()).isFalse();
        }
        assertThat(home.resolve("staging")).isEmptyDirectory();
    }

    @Test
    void importFile_ofAKnownBlob_readsNothing() throws Exception {
        BlobStore blobs = new BlobStore(home.resolve("blobs"));
        Path kernel = Files.write(home.resolve("kernel"), new byte[4096]);
        try (Staging s = Staging.open(home.resolve("staging"))) {
            Digest d = FileIndex.hash(kernel);
            blobs.importFile(s, kernel, d);
            Files.delete(kernel); // a second import must not even open it
            assertThat(blobs.importFile(s, kernel, d).digest()).isEqualTo(d);
            assertThatThrownBy(() -> blobs.importFile(s, Files.write(home.resolve("k2"), new byte[1]), Digest.of("other".getBytes())))
                    .hasMessageContaining("changed while it was being stored");
        }
    }

    @Test
    void adopt_takesAStagedFileByRename_andDiskCacheNamesItBesideItsManifest() throws Exception {
        BlobStore blobs = new BlobStore(home.resolve("blobs"));
        DiskCache disks = new DiskCache(home.resolve("disks"));
        Digest live = Digest.of("manifest a".getBytes());
        Digest dead = Digest.of("manifest b".getBytes());
        Digest variant = Digest.of("cmdline".getBytes());
        try (Staging s = Staging.open(home.resolve("staging"))) {
            Path staged = s.newFile("disk");
            Files.writeString(staged, "a disk");
            BlobStore.Stored disk = blobs.adopt(staged);
            assertThat(disk.digest()).isEqualTo(Digest.of("a disk".getBytes()));
            assertThat(staged).doesNotExist();
            assertThat(disks.get(live, variant)).isEmpty();
            disks.put(live, variant, disk.digest(), s);
            disks.put(dead, variant, disk.digest(), s);
            assertThat(disks.get(live, variant)).contains(disk.digest());
            assertThat(disks.disksOf(live)).containsExactly(disk.digest());
            disks.forgetAllBut(java.util.Set.of(live));
            assertThat(disks.disksOf(live)).containsExactly(disk.digest());
            assertThat(disks.disksOf(dead)).isEmpty();
            assertThat(home.resolve("disks").resolve(dead.hex())).doesNotExist();
        }
    }

    @Test
    void fileIndex_remembersDigests_andNoticesChanges() throws Exception {
        FileIndex index = new FileIndex(home.resolve("index"));
        Path f = Files.writeString(home.resolve("prog"), "v1");
        try (Staging s = Staging.open(home.resolve("staging"))) {
            Digest first = index.digest(f, s);
            assertThat(first).isEqualTo(FileIndex.hash(f));
            assertThat(Files.list(home.resolve("index")).count()).isEqualTo(1);
            assertThat(index.digest(f, s)).isEqualTo(first);
            Files.writeString(f, "v2");
            assertThat(index.digest(f, s)).isEqualTo(FileIndex.hash(f)).isNotEqualTo(first);
        }
    }

    @Test
    void tags_moveAtomically_andDefaultToLatest() throws Exception {
        TagStore tags = new TagStore(home.resolve("tags"));
        ImageRef ref = ImageRef.parse("echo");
        assertThat(ref.toString()).isEqualTo("echo:latest");
        Digest a = Digest.of("a".getBytes());
        Digest b = Digest.of("b".getBytes());
        try (Staging s = Staging.open(home.resolve("staging"))) {
            tags.set(ref, a, s);
            tags.set(ImageRef.parse("echo:v2"), b, s);
            tags.set(ref, b, s);
        }
        assertThat(tags.get(ref)).isEqualTo(Optional.of(b));
        assertThat(tags.list()).containsOnlyKeys("echo:latest", "echo:v2");
        assertThat(tags.remove(ref)).isTrue();
        assertThat(tags.get(ref)).isEmpty();
        assertThatThrownBy(() -> ImageRef.parse("../x")).hasMessageContaining("bad image name");
        Files.writeString(home.resolve("tags/echo/v2"), "garbage");
        assertThatThrownBy(() -> tags.get(ImageRef.parse("echo:v2"))).hasMessageContaining("tags/echo/v2 is damaged");
    }

    @Test
    void staging_ofADeadProcess_isRemoved_ofALiveOneKept() throws Exception {
        Path root = home.resolve("staging");
        Path dead = Files.createDirectories(root.resolve("999999999-1-deadbeef"));
        Files.writeString(dead.resolve("half.tmp"), "x");
        try (Staging live = Staging.open(root)) {
            live.newFile("blob");
            assertThat(Staging.hasDead(root)).isTrue();
            assertThat(Staging.removeDead(root)).isEqualTo(1);
            assertThat(Files.list(root).count()).as("the live one stays").isEqualTo(1);
            assertThat(Staging.hasDead(root)).isFalse();
        }
        assertThat(root).isEmptyDirectory();
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
