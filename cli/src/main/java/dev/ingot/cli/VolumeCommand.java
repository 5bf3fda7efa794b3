package dev.ingot.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** `ingot volume`: the noun; its verbs are the subcommands (create, ls, rm). */
@Command(name = "volume", description = "Manage volumes: disks that keep data between runs (docs/volumes.md).",
        subcommands = {VolumeCreateCommand.class, VolumeLsCommand.class, VolumeRmCommand.class},
        footer = {"", "Examples:", "  ingot volume create data 64M", "  ingot run -v data:/data ./prog",
                "  ingot volume ls", "  ingot volume rm data"})
final class VolumeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;

    /** No verb: the usage, on stderr, exit 2 (as a bare `ingot`). */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE.code;
    }
}
