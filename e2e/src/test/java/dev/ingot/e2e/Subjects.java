package dev.ingot.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Builds small C test subjects with the machine's compilers. */
final class Subjects {
    private Subjects() {
    }

    static Path compile(Path dir, String name, String source, String compiler, String... flags) throws IOException, InterruptedException {
        Path src = dir.resolve(name + ".c");
        Files.writeString(src, source);
        Path out = dir.resolve(name);
        List<String> cmd = new ArrayList<>(List.of(compiler, "-o", out.toString(), src.toString()));
        cmd.addAll(List.of(flags));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException(cmd + " failed: " + log);
        return out;
    }
}
