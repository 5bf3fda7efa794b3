package dev.ingot.core.util;

import java.io.PrintStream;

/**
 * Reports long steps. On a terminal one status line is rewritten in place
 * with the elapsed time; otherwise each step is a plain line, which is what
 * logs and CI want.
 */
public final class Progress {
    private final PrintStream out;
    private final boolean terminal;
    private final boolean quiet;
    private String current;
    private long started;

    public Progress(PrintStream out, boolean terminal, boolean quiet) {
        this.out = out;
        this.terminal = terminal;
        this.quiet = quiet;
    }

    public static Progress silent() {
        return new Progress(System.err, false, true);
    }

    /** Starts a step; on a terminal it stays on one line until {@link #done()}. */
    public synchronized void step(String what) {
        if (quiet) return;
        current = what;
        started = System.nanoTime();
        if (terminal) out.print("\r\033[K" + what + " ...");
        else out.println("ingot: " + what);
        out.flush();
    }

    /** A detail line from inside a step (e.g. the kernel build's phase). */
    public synchronized void detail(String line) {
        if (quiet) return;
        if (terminal) {
            long s = (System.nanoTime() - started) / 1_000_000_000L;
            String text = current + " ... " + s + "s  " + line;
            out.print("\r\033[K" + (text.length() > 110 ? text.substring(0, 110) : text));
        } else {
            out.println("ingot:   " + line);
        }
        out.flush();
    }

    public synchronized void done() {
        if (quiet || current == null) return;
        if (terminal) {
            long ms = (System.nanoTime() - started) / 1_000_000L;
            out.print("\r\033[K" + current + " ... done (" + ms + " ms)\n");
            out.flush();
        }
        current = null;
    }

    /** A one-off line that is not a step (e.g. which accelerator is used). */
    public synchronized void info(String line) {
        if (quiet) return;
        out.println("ingot: " + line);
        out.flush();
    }
}
