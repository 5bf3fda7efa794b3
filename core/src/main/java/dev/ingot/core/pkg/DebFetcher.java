package dev.ingot.core.pkg;

import dev.ingot.core.IngotException;
import dev.ingot.core.util.ExternalCommand;
import dev.ingot.core.util.Progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the Debian packages a runtime needs and downloads them, installing
 * nothing on the host. The dependency closure is apt's own answer: a
 * simulated install (apt-get -s) against an empty dpkg status, so apt
 * believes nothing is installed and lists every package the runtime depends
 * on, with the exact versions it would take. The .deb files are kept in
 * $INGOT_CACHE/debs by file name (name_version_arch.deb), so a second build
 * downloads nothing.
 */
final class DebFetcher {
    /** "Inst libc6 (2.36-9+deb12u14 Debian-Security:12/stable-security [amd64])" */
    private static final Pattern INST = Pattern.compile("^Inst (\\S+) (?:\\[\\S+\\] )?\\((\\S+) .*\\[(\\S+)\\]\\)");

    private final Path debs;
    private final Progress progress;

    DebFetcher(Path cache, Progress progress) {
        this.debs = cache.resolve("debs");
        this.progress = progress;
    }

    /** One Debian package at one version. */
    record Deb(String name, String version, String arch) {
        String fileName() {
            return name + "_" + version.replace(":", "%3a") + "_" + arch + ".deb";
        }
    }

    /** The closure of `wanted` (NAME or NAME=GLOB), without the excluded package names. */
    List<Deb> closure(List<String> wanted, Set<String> exclude) throws IngotException {
        Path status;
        try {
            Files.createDirectories(debs);
            status = Files.createTempFile(debs, "empty-status", "");
        } catch (IOException e) {
            throw new IngotException("cannot write under " + debs + ": " + e.getMessage());
        }
        try {
            List<String> cmd = new ArrayList<>(List.of("apt-get", "-s", "-q", "-o", "Dir::State::status=" + status,
                    "-o", "APT::Install-Recommends=false", "install"));
            cmd.addAll(wanted);
            List<String> out = run(cmd, "working out the Debian packages for " + String.join(" ", wanted));
            List<Deb> closure = new ArrayList<>();
            for (String line : out) {
                Matcher m = INST.matcher(line);
                if (m.find() && !exclude.contains(m.group(1))) closure.add(new Deb(m.group(1), m.group(2), m.group(3)));
            }
            if (closure.isEmpty()) throw new IngotException("apt found no packages to install for " + String.join(" ", wanted));
            return closure;
        } finally {
            try {
                Files.deleteIfExists(status);
            } catch (IOException ignored) {
                // a stray empty file in the cache harms nothing
            }
        }
    }

    /** The .deb file of each package, downloading the ones the cache lacks. */
    List<Path> fetch(List<Deb> closure) throws IngotException {
        List<Deb> missing = closure.stream().filter(d -> !Files.isRegularFile(debs.resolve(d.fileName()))).toList();
        if (!missing.isEmpty()) {
            progress.detail("downloading " + missing.size() + " Debian packages");
            Path partial;
            try {
                partial = Files.createTempDirectory(debs, "download-");
            } catch (IOException e) {
                throw new IngotException("cannot write under " + debs + ": " + e.getMessage());
            }
            try {
                List<String> cmd = new ArrayList<>(List.of("apt-get", "download", "-q"));
                for (Deb d : missing) cmd.add(d.name() + "=" + d.version());
                ExternalCommand.run(cmd, partial, Map.of(), line -> { }, "downloading from the Debian archive (is the network up?)");
                for (Deb d : missing) {
                    Path got = partial.resolve(d.fileName());
                    if (!Files.isRegularFile(got)) throw new IngotException("apt-get download did not write " + d.fileName());
                    Files.move(got, debs.resolve(d.fileName()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new IngotException("cannot store downloaded packages in " + debs + ": " + e.getMessage());
            } finally {
                Trees.deleteQuietly(partial);
            }
        }
        return closure.stream().map(d -> debs.resolve(d.fileName())).toList();
    }

    private List<String> run(List<String> cmd, String what) throws IngotException {
        try {
            return ExternalCommand.run(cmd, debs, Map.of("LC_ALL", "C"), line -> { }, what);
        } catch (IngotException e) {
            throw new IngotException(e.getMessage() + " (is the package name in Debian 12? run apt-get update?)");
        }
    }
}
