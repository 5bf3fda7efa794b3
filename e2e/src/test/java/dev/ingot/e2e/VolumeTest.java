package dev.ingot.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Volumes as a user meets them: `ingot volume create|ls|rm`, `ingot run -v`,
 * and Debian's sqlite3 keeping a database on a volume from one boot to the
 * next, on each kernel and moved between them. After every boot the host's
 * e2fsck checks the filesystem the guest left, so a kernel that writes a broken ext2 fails here even when it can
 * read back its own writes.
 */
class VolumeTest {
    private static final String SQLITE = "/usr/bin/sqlite3";
    @TempDir Path home;

    private IngotProcess.Result ingot(String... args) throws Exception {
        return new IngotProcess(home).run(Duration.ofMinutes(4), Map.of(), args);
    }

    private IngotProcess.Result sql(String kernel, String volume, String statement) throws Exception {
        return ingot("run", "--rm", "--kernel", kernel, "-v", volume + ":/data", SQLITE, "/data/app.db", statement);
    }

    private Path disk(String volume) {
        return home.resolve("volumes").resolve(volume).resolve("disk.raw");
    }

    /** e2fsck -fn: a full read-only check; exit 0 means the filesystem is clean. */
    private void assertCleanFilesystem(String volume) throws Exception {
        Process p = new ProcessBuilder("/usr/sbin/e2fsck", "-fn", disk(volume).toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("e2fsck after the guest wrote:\n" + out).isZero();
    }

    @Test
    void createLsRm_manageVolumes() throws Exception {
        IngotProcess.Result created = ingot("volume", "create", "data", "16M");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out().trim()).isEqualTo("data");
        assertThat(Files.size(disk("data"))).isEqualTo(16L << 20);
        assertCleanFilesystem("data");

        IngotProcess.Result ls = ingot("volume", "ls");
        assertThat(ls.out()).contains("data").contains("16.0 MiB").contains("ext2");

        IngotProcess.Result rm = ingot("volume", "rm", "data");
        assertThat(rm.exit()).as(rm.err()).isZero();
        assertThat(ingot("volume", "ls").out()).doesNotContain("data");
        assertThat(home.resolve("volumes/data")).doesNotExist();
    }

    @Test
    void badInput_isOneLineAndChangesNothing() throws Exception {
        IngotProcess.Result badSize = ingot("volume", "create", "data", "12Q");
        assertThat(badSize.exit()).isEqualTo(2);
        assertThat(badSize.err()).isEqualTo("ingot: bad volume size '12Q': write a number with a unit, e.g. 64M or 2G\n");
        assertThat(ingot("volume", "create", "data", "0M").exit()).isEqualTo(2);
        assertThat(ingot("volume", "create", "data", "2T").err()).contains("out of range: use 1M to 1T");
        assertThat(ingot("volume", "create", "../x", "16M").err()).contains("bad volume name '../x'");
        assertThat(home.resolve("volumes/data")).doesNotExist();

        assertThat(ingot("volume", "create", "data", "16M").exit()).isZero();
        IngotProcess.Result dup = ingot("volume", "create", "data", "32M");
        assertThat(dup.exit()).isNotZero();
        assertThat(dup.err()).isEqualTo("ingot: volume data already exists (ingot volume ls)\n");
        assertThat(Files.size(disk("data"))).isEqualTo(16L << 20);

        IngotProcess.Result unknown = ingot("run", "--kernel", "native", "-v", "nope:/data", "examples/hello/hello");
        assertThat(unknown.exit()).isNotZero();
        assertThat(unknown.errorLines()).isEqualTo("ingot: no volume named nope: create it with ingot volume create nope SIZE\n");
        assertThat(ingot("ps").out()).doesNotContain("hello");

        IngotProcess.Result badPath = ingot("run", "-v", "data:relative", "examples/hello/hello");
        assertThat(badPath.exit()).isEqualTo(2);
        assertThat(badPath.err()).contains("bad mount path 'relative'");
        assertThat(ingot("run", "-v", "data", "examples/hello/hello").err()).contains("write NAME:/path");
        assertThat(ingot("run", "-v", "data:/proc", "examples/hello/hello").err()).contains("which the kernel owns");

        IngotProcess.Result rmUnknown = ingot("volume", "rm", "nope");
        assertThat(rmUnknown.exit()).isNotZero();
        assertThat(rmUnknown.err()).contains("no volume named nope");
    }

    @Test
    void inUseVolume_isNotRemovedNorAttachedTwice() throws Exception {
        assertThat(ingot("volume", "create", "busy", "16M").exit()).isZero();
        IngotProcess.Result started = ingot("run", "-d", "--name", "holder", "--kernel", "native", "-v", "busy:/data",
                "/usr/bin/sleep", "600");
        assertThat(started.exit()).as(started.err()).isZero();
        try {
            assertThat(ingot("volume", "ls").out()).contains("holder");
            IngotProcess.Result rm = ingot("volume", "rm", "busy");
            assertThat(rm.exit()).isNotZero();
            assertThat(rm.err()).isEqualTo("ingot: volume busy is in use by running instance holder: stop it first (ingot stop holder)\n");
            assertThat(disk("busy")).exists();

            IngotProcess.Result second = ingot("run", "--kernel", "native", "-v", "busy:/data", "examples/hello/hello");
            assertThat(second.exit()).isNotZero();
            assertThat(second.errorLines()).contains("volume busy is in use by running instance holder");
        } finally {
            ingot("stop", "holder");
        }
        IngotProcess.Result rm = ingot("volume", "rm", "busy");
        assertThat(rm.exit()).as(rm.err()).isZero();
    }

    @Test
    void sqliteDatabase_keepsItsRowsFromOneBootToTheNext_onLinux() throws Exception {
        keepsRows("linux");
    }

    @Test
    void volume_movesBetweenKernels() throws Exception {
        assertThat(ingot("volume", "create", "moving", "32M").exit()).isZero();
        IngotProcess.Result n1 = sql("native", "moving", "create table t(k text); insert into t values ('by native');");
        assertThat(n1.exit()).as(n1.err() + n1.out()).isZero();
        assertCleanFilesystem("moving");
        IngotProcess.Result l = sql("linux", "moving", "insert into t values ('by linux'); select k from t order by rowid;");
        assertThat(l.exit()).as(l.err() + l.out()).isZero();
        assertThat(l.out()).isEqualTo("by native\nby linux\n");
        assertCleanFilesystem("moving");
        IngotProcess.Result n2 = sql("native", "moving", "insert into t values ('native again'); select k from t order by rowid;");
        assertThat(n2.exit()).as(n2.err() + n2.out()).isZero();
        assertThat(n2.out()).isEqualTo("by native\nby linux\nnative again\n");
        assertCleanFilesystem("moving");
    }

    @Test
    void sqliteDatabase_keepsItsRowsFromOneBootToTheNext_onNative() throws Exception {
        keepsRows("native");
    }

    /**
     * fsync is honoured while the program runs: sqlite commits a row (it
     * fsyncs), then computes for minutes; the row is on the host's disk
     * file before the program ends, and a hard stop (QMP quit, no write-back
     * at exit) keeps it, with a clean filesystem.
     */
    @Test
    void committedRow_isOnDiskBeforeExit_onNative() throws Exception {
        assertThat(ingot("volume", "create", "durable", "16M").exit()).isZero();
        IngotProcess.Result started = ingot("run", "-d", "--name", "busy-db", "--kernel", "native", "-v", "durable:/data",
                SQLITE, "/data/app.db", "create table t(x); insert into t values ('committed');"
                        + " with recursive c(n) as (select 1 union all select n + 1 from c where n < 2000000000)"
                        + " select count(*) from c;");
        assertThat(started.exit()).as(started.err()).isZero();
        try {
            String seen = "";
            for (int i = 0; i < 180 && !seen.equals("committed"); i++) {
                Thread.sleep(1000);
                seen = rowsOnHost("durable");
            }
            assertThat(seen).isEqualTo("committed");
        } finally {
            ingot("stop", "busy-db");
        }
        assertThat(rowsOnHost("durable")).isEqualTo("committed");
        assertCleanFilesystem("durable");
    }

    /**
     * MAP_SHARED stores reach the volume's disk: tests/programs/mmap_shared
     * maps two files on the volume, msyncs and unmaps one and leaves the
     * other mapped at exit; the next boot reads both with read(). The host
     * runs the same two steps on a directory of its own and must print the
     * same lines (Linux is the oracle), and e2fsck finds the disk clean.
     */
    @Test
    void sharedMappingStores_reachTheDiskForTheNextBoot_onNative() throws Exception {
        Path program = IngotProcess.REPO.resolve("tests/programs/build/mmap_shared.musl");
        assertThat(program).as("tests/programs is built (./setup does it)").exists();
        Path hostDir = Files.createDirectories(home.resolve("host-dir"));
        String hostWrite = hostRun(program, "write", hostDir.toString());
        String hostRead = hostRun(program, "read", hostDir.toString());
        assertThat(hostRead).contains("synced.bin: 12388 bytes, hash de098a67, starts \"synced by msync+munmap")
                .contains("atexit.bin: 12388 bytes, hash a0a363f7, starts \"written back at exit");

        assertThat(ingot("volume", "create", "maps", "16M").exit()).isZero();
        IngotProcess.Result w = ingot("run", "--rm", "--kernel", "native", "-v", "maps:/data", program.toString(), "write", "/data");
        assertThat(w.exit()).as(w.err() + w.out()).isZero();
        assertThat(DifferentialTest.programOutput(w.out())).isEqualTo(hostWrite);
        assertCleanFilesystem("maps");
        IngotProcess.Result r = ingot("run", "--rm", "--kernel", "native", "-v", "maps:/data", program.toString(), "read", "/data");
        assertThat(r.exit()).as(r.err() + r.out()).isZero();
        assertThat(DifferentialTest.programOutput(r.out())).isEqualTo(hostRead);
    }

    private static String hostRun(Path program, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(program.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    /** The rows of t in /app.db on the volume, read on the host (debugfs copies the file out). */
    private String rowsOnHost(String volume) throws Exception {
        Path copy = home.resolve("copy.db");
        Files.deleteIfExists(copy);
        Process d = new ProcessBuilder("/usr/sbin/debugfs", "-R", "dump /app.db " + copy, disk(volume).toString())
                .redirectErrorStream(true).start();
        d.getInputStream().readAllBytes();
        d.waitFor();
        if (!Files.exists(copy)) return "";
        Process q = new ProcessBuilder(SQLITE, copy.toString(), "select x from t;").redirectErrorStream(true).start();
        String out = new String(q.getInputStream().readAllBytes()).trim();
        q.waitFor();
        return out;
    }

    private void keepsRows(String kernel) throws Exception {
        assertThat(ingot("volume", "create", "db", "32M").exit()).isZero();
        IngotProcess.Result w = sql(kernel, "db", "create table notes(id integer primary key, body text);"
                + " insert into notes(body) values ('first boot'); insert into notes(body) select 'row ' || value"
                + " from generate_series(1, 500);");
        assertThat(w.exit()).as(w.err() + w.out()).isZero();
        assertCleanFilesystem("db");

        IngotProcess.Result r = sql(kernel, "db", "select body from notes where id = 1; select count(*) from notes;");
        assertThat(r.exit()).as(r.err() + r.out()).isZero();
        assertThat(r.out()).isEqualTo("first boot\n501\n");
        // This boot only read: its write-back at exit kept the database's blocks as they were.
        assertCleanFilesystem("db");
        IngotProcess.Result again = sql(kernel, "db", "insert into notes(body) values ('third boot'); select count(*) from notes;");
        assertThat(again.out()).as(again.err()).isEqualTo("502\n");
        assertCleanFilesystem("db");
    }
}
