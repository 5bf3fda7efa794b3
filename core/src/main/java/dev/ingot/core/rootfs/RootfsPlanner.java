package dev.ingot.core.rootfs;

import dev.ingot.core.GuestAbi;
import dev.ingot.core.IngotException;
import dev.ingot.core.elf.ResolvedLibrary;
import dev.ingot.core.spec.FileMapping;
import dev.ingot.core.spec.Spec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides what goes into an image's root file system
 * (docs/boot-protocol.md, "The rootfs"): the program under /app, its
 * interpreter and libraries where its ld.so will look, the boot files
 * /.ingot/argv and /.ingot/env, the small /etc files programs expect, /tmp,
 * the user's files, and for the Linux kernel the init shim at /init.
 */
public final class RootfsPlanner {
    public static final String APP_DIR = "/app";

    /**
     * Where the program lives in the image: inside a folder the image copies,
     * it runs from there, so a launcher that finds its files relative to
     * itself (a JDK's bin/java, an interpreter's prefix) works; else /app/NAME.
     */
    public static String programImagePath(Spec spec) {
        return mappedPath(spec).orElse(APP_DIR + "/" + spec.program().getFileName());
    }

    private static java.util.Optional<String> mappedPath(Spec spec) {
        Path program = spec.program().toAbsolutePath().normalize();
        if (spec.packageTree() != null && program.startsWith(spec.packageTree().toAbsolutePath().normalize())) {
            return java.util.Optional.of("/" + spec.packageTree().toAbsolutePath().normalize().relativize(program));
        }
        for (FileMapping m : spec.files()) {
            Path dir = m.hostPath().toAbsolutePath().normalize();
            if (!program.equals(dir) && program.startsWith(dir) && java.nio.file.Files.isDirectory(dir)) {
                return java.util.Optional.of(m.imagePath() + "/" + dir.relativize(program));
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * A package's tree as a rootfs part of its own: the same bytes for every
     * image of the package, so the store holds it once (docs/packages.md).
     */
    public RootfsLayout planPackage(Path tree) throws IngotException {
        RootfsLayout layout = new RootfsLayout();
        layout.copyTreeAsIs(tree, "/");
        return layout;
    }

    /**
     * The image's own files. A package's tree is not among them: it is its
     * own part ({@link #planPackage}), unpacked before this one.
     *
     * @param initShim the Linux init shim, or null for the native kernel
     */
    public RootfsLayout plan(Spec spec, List<ResolvedLibrary> libraries, Path initShim) throws IngotException {
        RootfsLayout layout = new RootfsLayout();
        String program = programImagePath(spec);
        if (mappedPath(spec).isEmpty()) layout.hostFile(program, spec.program()); // else its folder's copy brings it
        addLibraries(layout, libraries);
        if (initShim != null) layout.hostFile(GuestAbi.LINUX_INIT_PATH, initShim);

        List<String> argv = new ArrayList<>();
        argv.add(program);
        argv.addAll(spec.args());
        layout.content(GuestAbi.ARGV_PATH, 0444, nulTerminated(argv));
        List<String> env = new ArrayList<>();
        for (Map.Entry<String, String> e : spec.env().entrySet()) env.add(e.getKey() + "=" + e.getValue());
        layout.content(GuestAbi.ENV_PATH, 0444, nulTerminated(env));
        if (spec.cwd() != null) {
            layout.content(GuestAbi.CWD_PATH, 0444, nulTerminated(List.of(spec.cwd())));
            layout.directory(spec.cwd(), 0755);
        }

        layout.directory("/tmp", 01777);
        layout.directory("/proc", 0555);
        layout.directory("/dev", 0755);
        layout.content("/etc/hosts", "127.0.0.1\tlocalhost\n" + GuestAbi.DEFAULT_IP + "\t" + spec.name() + "\n");
        layout.content("/etc/resolv.conf", "nameserver " + GuestAbi.DEFAULT_DNS + "\n");
        layout.content("/etc/passwd", "root:x:0:0:root:/:/nonexistent\n");
        layout.content("/etc/group", "root:x:0:\n");
        layout.content("/etc/hostname", spec.name() + "\n");
        layout.content("/etc/nsswitch.conf", "passwd: files\ngroup: files\nhosts: files dns\n");

        for (FileMapping m : spec.files()) layout.copyTree(m.hostPath(), m.imagePath());
        return layout;
    }

    /**
     * One copy per host file: glibc's ld.so is both the interpreter
     * (/lib64/ld-linux-x86-64.so.2) and a DT_NEEDED of libc found in the
     * multiarch dir. Later paths to the same file become symlinks to the first.
     */
    private static void addLibraries(RootfsLayout layout, List<ResolvedLibrary> libraries) throws IngotException {
        Map<Path, String> firstImagePath = new java.util.HashMap<>();
        for (ResolvedLibrary lib : libraries) {
            Path real;
            try {
                real = lib.hostPath().toRealPath();
            } catch (java.io.IOException e) {
                throw new IngotException("cannot read library " + lib.hostPath() + ": " + e.getMessage());
            }
            String first = firstImagePath.putIfAbsent(real, lib.imagePath());
            if (first == null || first.equals(lib.imagePath())) layout.hostFile(lib.imagePath(), lib.hostPath());
            else layout.symlink(lib.imagePath(), first);
        }
    }

    private static byte[] nulTerminated(List<String> strings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String s : strings) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }
}
