package dev.ingot.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "create", description = "Make an empty volume: an ext2 filesystem of SIZE, for ingot run -v.",
        footer = {"", "Examples:", "  ingot volume create data 64M", "  ingot volume create db 2G"})
final class VolumeCreateCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Parameters(index = "0", paramLabel = "NAME", description = "Volume name: letters, digits, '.', '_' and '-'.")
    String name;

    @Parameters(index = "1", paramLabel = "SIZE", description = "Size with a unit, 1M to 1T: e.g. 64M, 2G.")
    String size;

    @Override
    public Integer call() throws Exception {
        System.out.println(new Context().ingot.createVolume(name, size).name());
        return 0;
    }
}
