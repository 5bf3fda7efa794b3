package dev.ingot.cli;

import dev.ingot.core.GuestAbi;

/**
 * Every status the CLI exits with, in one place. docs/cli.md lists the same
 * table for users, and ExitCodeTest checks that the two agree.
 */
enum ExitCode {
    OK(0, "success; for `ingot run` in the foreground: the program exited 0"),
    FAILED(1, "the command could not do its job: a program or config file missing, unreadable or malformed,"
            + " an image or instance not found, QEMU failed to start, a port taken"),
    USAGE(2, "bad usage: an unknown command or flag, a missing argument, a bad value (`-m`, `--cpus`, `-p`,"
            + " `--accel`, a name), a flag the image's kernel cannot honour; also a bare `ingot`"),
    INTERNAL(70, "an error inside Ingot itself (a bug: `--debug` shows the stack trace); EX_SOFTWARE of"
            + " sysexits.h"),
    INIT_FAILED(GuestAbi.STATUS_INIT_FAILED, "`ingot run`: the guest's init could not prepare the program (docs/boot-protocol.md)"),
    NOT_RUN(GuestAbi.STATUS_NOT_RUN, "`ingot run`: the program could not be started in the guest (not found, or its ELF interpreter"
            + " missing)"),
    STOPPED(GuestAbi.STATUS_SIGNAL_BASE + 2 /* SIGINT */, "`ingot run`: the instance was stopped by Ctrl-C, or by `ingot stop`"
            + " when the program reported no status of its own (128 + SIGINT, as a shell reports)");

    final int code;
    final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }
}
