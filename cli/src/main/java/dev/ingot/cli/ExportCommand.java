package dev.ingot.cli;

import dev.ingot.api.Ingot;
import dev.ingot.core.disk.ExportFormat;
import dev.ingot.core.hypervisor.Accel;
import dev.ingot.core.hypervisor.AccelDetector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "export", sortOptions = false,
        description = "Write an image as a bootable disk for QEMU, another hypervisor or a cloud (docs/disk.md).",
        footer = {"", "Formats: raw (QEMU, AWS, OpenStack), qcow2 (QEMU, DigitalOcean),",
                "  vmdk (VMware), vhd (Azure: fixed size), vhdx (Hyper-V), vdi (VirtualBox),",
                "  gce (disk.raw in a tar.gz for GCE image import).",
                "", "Examples:",
                "  ingot export echo -o echo.img",
                "  qemu-system-x86_64 -m 256M -drive file=echo.img,format=raw -nographic",
                "  ingot export echo:v2 --format qcow2 -o echo.qcow2",
                "  ingot export echo --format gce --accel kvm -o echo.tar.gz   # for a KVM cloud"})
final class ExportCommand implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Parameters(paramLabel = "IMAGE", description = "Image NAME[:TAG] or digest.")
    String ref;

    @Option(names = "--format", paramLabel = "FORMAT", description = "raw (default), qcow2, vmdk, vhd, vhdx, vdi or gce.")
    String format = "raw";

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "PATH", description = "The file to write.")
    Path output;

    @Option(names = "--force", description = "Replace the output file if it exists.")
    boolean force;

    @Option(names = "--accel", paramLabel = "auto|kvm|tcg",
            description = "The accelerator the disk's kernel command line is tuned for (default auto: what ingot run picks here).")
    String accel = "auto";

    @Override
    public Integer call() throws Exception {
        ExportFormat f = ExportFormat.parse(format);
        Accel requested = Accel.parse(accel);
        // Exported disks go elsewhere: KVM is taken at its word, not checked against this host.
        Accel a = requested == Accel.AUTO ? new AccelDetector().choose(Accel.AUTO).accel() : requested;
        Ingot.Exported e = new Context().ingot.export(ref, f, output, force, a);
        System.out.println(output + ": " + f.id() + ", " + Sizes.human(Files.size(output)) + " (raw disk "
                + Sizes.human(e.disk().size()) + ", image " + e.image().digest() + ", kernel "
                + e.image().manifest().run().kernel().id() + ")");
        return 0;
    }
}
