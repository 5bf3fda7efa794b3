package dev.ingot.core.disk;

import dev.ingot.core.UsageException;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The formats `ingot export` writes, and how qemu-img makes each from the
 * raw disk (qemu-img(1), "Image formats"). Where each goes: docs/disk.md.
 */
public enum ExportFormat {
    /** The boot disk as it is: QEMU, AWS (EBS snapshot import), OpenStack. */
    RAW("raw", List.of()),
    /** QEMU's own, sparse: DigitalOcean, OCI, OpenStack. */
    QCOW2("qcow2", List.of("-O", "qcow2")),
    /** VMware (vSphere, Workstation): monolithic sparse, qemu-img's default subformat. */
    VMDK("vmdk", List.of("-O", "vmdk")),
    /**
     * Azure: a fixed-size VHD ("vpc" to qemu-img) whose virtual size is the
     * raw size exactly (force_size; the raw disk is whole MiB already), as
     * Azure accepts only fixed VHDs of whole MiB.
     */
    VHD("vhd", List.of("-O", "vpc", "-o", "subformat=fixed,force_size=on")),
    /** Hyper-V. */
    VHDX("vhdx", List.of("-O", "vhdx")),
    /** VirtualBox. */
    VDI("vdi", List.of("-O", "vdi")),
    /** Google Compute Engine image import: disk.raw, whole GiB, in a gzipped GNU tar (see {@link GceArchive}). */
    GCE("gce", List.of());

    private final String id;
    private final List<String> qemuImgArgs;

    ExportFormat(String id, List<String> qemuImgArgs) {
        this.id = id;
        this.qemuImgArgs = qemuImgArgs;
    }

    public String id() {
        return id;
    }

    /** The `qemu-img convert` output options; empty for the formats written without qemu-img. */
    public List<String> qemuImgArgs() {
        return qemuImgArgs;
    }

    public static ExportFormat parse(String text) throws UsageException {
        for (ExportFormat f : values()) if (f.id.equals(text)) return f;
        throw new UsageException("unknown export format '" + text + "': use one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(ExportFormat::id).collect(Collectors.joining(", "));
    }
}
