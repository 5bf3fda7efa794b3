package dev.ingot.api;

import dev.ingot.core.ConflictException;
import dev.ingot.core.DamagedFileException;
import dev.ingot.core.IngotException;
import dev.ingot.core.NotFoundException;
import dev.ingot.core.disk.BootDisks;
import dev.ingot.core.disk.DiskExporter;
import dev.ingot.core.disk.ExportFormat;
import dev.ingot.core.hypervisor.Accel;
import dev.ingot.core.hypervisor.QemuCommand;
import dev.ingot.core.image.BootRootfs;
import dev.ingot.core.image.Image;
import dev.ingot.core.image.ImageBuilder;
import dev.ingot.core.image.ImagePruner;
import dev.ingot.core.image.ImageStore;
import dev.ingot.core.instance.ConsoleFollower;
import dev.ingot.core.instance.Instance;
import dev.ingot.core.instance.InstanceControl;
import dev.ingot.core.instance.InstanceLauncher;
import dev.ingot.core.instance.InstanceStore;
import dev.ingot.core.instance.RunOptions;
import dev.ingot.core.kernel.KernelArtifacts;
import dev.ingot.core.serve.Service;
import dev.ingot.core.serve.ServiceConfig;
import dev.ingot.core.serve.ServiceStore;
import dev.ingot.core.serve.Supervisor;
import dev.ingot.core.serve.SupervisorProcess;
import dev.ingot.core.spec.KernelKind;
import dev.ingot.core.spec.Spec;
import dev.ingot.core.store.Digest;
import dev.ingot.core.store.ImageRef;
import dev.ingot.core.store.Staging;
import dev.ingot.core.store.StoreLock;
import dev.ingot.core.volume.Volume;
import dev.ingot.core.volume.VolumeStore;
import dev.ingot.core.util.IngotHome;
import dev.ingot.core.util.Progress;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The entry point: one INGOT_HOME's images and instances.
 *
 * <p>Concurrency: any number of processes may use one home. Builds and
 * starts hold the store lock shared from their first blob until a build
 * cache entry, tag or instance names what they wrote; pruning holds it
 * exclusive. Instance names are taken under their own lock. Leftovers of a
 * killed process (its staging folder) are removed by the next build or
 * prune, and the blobs it may have added with them.
 */
public final class Ingot {
    private final IngotHome home;
    private final Progress progress;
    private final ImageStore images;
    private final InstanceStore instances;
    private final ServiceStore services;
    private final VolumeStore volumes;

    public Ingot(IngotHome home, Progress progress) {
        this.home = home;
        this.progress = progress;
        this.images = new ImageStore(home);
        this.instances = new InstanceStore(home.instances());
        this.services = new ServiceStore(home.services());
        this.volumes = new VolumeStore(home.volumes(), instances);
    }

    public IngotHome home() {
        return home;
    }

    // ------------------------------------------------------------------ images

    /** A build's image and whether the build cache answered (nothing was written). */
    public record Built(Image image, boolean cached) {}

    /** Builds (or finds in the build cache) the image of a spec, and points the tag at it when one is given. */
    public Built build(Spec spec, Optional<ImageRef> tag) throws IngotException {
        cleanUpInterrupted();
        try (StoreLock lock = StoreLock.shared(home.storeLock())) {
            ImageBuilder.Result r = builder().build(spec);
            if (tag.isPresent()) images.tag(tag.get(), r.image().digest());
            return new Built(r.image(), r.cached());
        }
    }

    public Image image(String ref) throws IngotException {
        return images.resolve(ref);
    }

    public Optional<Image> findImage(String ref) throws IngotException {
        return images.find(ref);
    }

    /** What `ingot images` lists, and the images it could not read (each with its one-line reason). */
    public record Images(List<ImageView> images, List<IngotException> skipped) {}

    /** Tagged images, one entry per image with all its tags; with {@code all}, also untagged ones the build cache keeps. */
    public Images images(boolean all) throws IngotException {
        Map<Digest, List<ImageRef>> tags = new LinkedHashMap<>();
        Map<Digest, Image> byDigest = new LinkedHashMap<>();
        List<IngotException> skipped = new ArrayList<>();
        for (ImageStore.Tagged t : images.tagged(skipped)) {
            tags.computeIfAbsent(t.image().digest(), d -> new ArrayList<>()).add(t.ref());
            byDigest.put(t.image().digest(), t.image());
        }
        if (all) {
            try {
                for (Digest d : images.cache().values()) {
                    if (byDigest.containsKey(d) || !images.blobs().has(d)) continue;
                    try {
                        byDigest.put(d, images.load(d));
                    } catch (IngotException bad) {
                        skipped.add(bad);
                    }
                }
            } catch (IOException e) {
                throw new IngotException("cannot read the build cache " + home.buildCache() + ": " + e.getMessage());
            }
        }
        List<ImageView> out = new ArrayList<>();
        for (Map.Entry<Digest, Image> e : byDigest.entrySet()) {
            out.add(new ImageView(e.getValue(), List.copyOf(tags.getOrDefault(e.getKey(), List.of()))));
        }
        return new Images(out, skipped);
    }

    public List<ImageRef> tagsOf(Digest digest) throws IngotException {
        return images.tagsOf(digest);
    }

    /**
     * Removes an image's name (a tag), or with a digest every tag of it, and
     * forgets its build cache entries; its blobs go once nothing else uses them.
     * Refused while a running instance boots it, unless forced (the instance
     * keeps running: it holds the digest).
     *
     * @return the digest the reference named
     */
    public Digest removeImage(String ref, boolean force) throws IngotException {
        Digest digest = images.digestOf(ref).orElseThrow(() -> new NotFoundException("image not found: " + ref + " (see ingot images)"));
        if (!force) {
            for (Instance i : instances.list()) {
                if (i.state().imageDigest().equals(digest) && i.process().isPresent()) {
                    throw new ConflictException("image " + ref + " is used by running instance " + i.state().name()
                            + ": stop it first, or use rmi -f (the instance keeps running)");
                }
            }
        }
        Optional<ImageRef> asTag = tagOrEmpty(ref);
        List<ImageRef> refs;
        try {
            refs = asTag.isPresent() && images.tags().get(asTag.get()).isPresent() ? List.of(asTag.get()) : images.tagsOf(digest);
        } catch (IOException e) {
            throw new IngotException("cannot read the tags under " + home.tags() + ": " + e.getMessage());
        }
        try (StoreLock lock = StoreLock.exclusive(home.storeLock())) {
            for (ImageRef r : refs) images.tags().remove(r);
            if (images.tagsOf(digest).isEmpty()) {
                images.cache().forget(Set.of(digest));
                collect();
            }
        } catch (IOException e) {
            throw new IngotException("cannot remove image " + ref + ": " + e.getMessage());
        }
        return digest;
    }

    private Optional<ImageRef> tagOrEmpty(String ref) {
        try {
            return Optional.of(ImageRef.parse(ref));
        } catch (IngotException e) {
            return Optional.empty();
        }
    }

    /** What `ingot prune` did. */
    public record Pruned(int staging, int cacheEntries, int blobs, long bytes) {}

    /**
     * Removes leftovers of interrupted processes and every blob no tag,
     * instance, service or build cache entry reaches; with {@code all}, forgets the
     * build cache first, so only tagged images and instances keep theirs.
     */
    public Pruned prune(boolean all) throws IngotException {
        int staging = Staging.removeDead(home.staging());
        try (StoreLock lock = StoreLock.exclusive(home.storeLock())) {
            // Every manifest that stays is read before the cache is forgotten or a blob removed:
            // one that cannot be read stops the prune with nothing changed.
            Set<Digest> live = liveManifests(!all);
            ImagePruner pruner = new ImagePruner(images);
            Set<Digest> keep = pruner.keep(live);
            int forgotten = all ? images.cache().forget(null) : 0;
            ImagePruner.Report r = pruner.removeAllBut(keep, live);
            return new Pruned(staging, forgotten, r.blobs(), r.bytes());
        } catch (IOException e) {
            throw new IngotException("cannot prune " + home.root() + ": " + e.getMessage());
        }
    }

    /** Caller holds the store lock exclusively. */
    private ImagePruner.Report collect() throws IngotException {
        return new ImagePruner(images).prune(liveManifests(true));
    }

    /** The roots: tagged images, build cache entries (when asked), instances' and services' images. */
    private Set<Digest> liveManifests(boolean withCache) throws IngotException {
        Set<Digest> live = new HashSet<>();
        try {
            live.addAll(images.tags().list().values());
            if (withCache) live.addAll(images.cache().values());
        } catch (IOException e) {
            throw new IngotException("cannot read the image store under " + home.root() + ": " + e.getMessage());
        }
        InstanceStore.Listing listing = instances.scan();
        if (!listing.damaged().isEmpty()) {
            DamagedFileException d = listing.damaged().getFirst();
            // Its image is unknown, so nothing can be removed safely.
            throw d;
        }
        for (Instance i : listing.instances()) live.add(i.state().imageDigest());
        // A service boots its image on some later connection, whether or not a VM runs now (or ever ran).
        ServiceStore.Listing served = services.scan();
        if (!served.damaged().isEmpty()) throw served.damaged().getFirst();
        for (Service s : served.services()) live.add(s.config().imageDigest());
        return live;
    }

    /**
     * Leftovers of a killed build: staging folders whose process is gone, and
     * the blobs it may have stored without naming them. Never waits: when
     * another process holds the store, the next start does it.
     */
    private void cleanUpInterrupted() throws IngotException {
        if (!Staging.hasDead(home.staging())) return;
        try (StoreLock lock = StoreLock.tryExclusive(home.storeLock())) {
            if (lock == null) return;
            Staging.removeDead(home.staging());
            collect();
        }
    }

    private ImageBuilder builder() throws IngotException {
        return new ImageBuilder(images, new KernelArtifacts(KernelArtifacts.distFromEnvironment(), home, progress), progress);
    }

    // ------------------------------------------------------------------- disks

    /** What an export wrote: the image, its raw boot disk in the store, and the file. */
    public record Exported(Image image, BootDisks.Disk disk, ExportFormat format, Path out) {}

    /**
     * Writes an image's boot disk (made once and kept in the store) to a
     * file in a format for another hypervisor or a cloud (docs/disk.md).
     * The kernel command line is the one `ingot run` gives the image's
     * kernel under this accelerator.
     */
    public Exported export(String ref, ExportFormat format, Path out, boolean force, Accel accel) throws IngotException {
        DiskExporter.checkOutput(out, force);
        try (StoreLock lock = StoreLock.shared(home.storeLock())) {
            Image image = images.resolve(ref);
            BootDisks.Disk disk = bootDisk(image, accel, List.of());
            DiskExporter.export(disk.path(), format, out, force);
            return new Exported(image, disk, format, out);
        }
    }

    /** Caller holds the store lock shared. */
    private BootDisks.Disk bootDisk(Image image, Accel accel, List<String> kernelArgs) throws IngotException {
        KernelArtifacts artifacts = new KernelArtifacts(KernelArtifacts.distFromEnvironment(), home, progress);
        String cmdline = QemuCommand.kernelCommandLine(image.manifest().run().kernel(), accel, kernelArgs);
        return new BootDisks(images, artifacts.diskLoader()).diskFor(image, cmdline);
    }

    // ----------------------------------------------------------------- volumes

    /** Makes an empty ext2 volume of the given size ("64M", "2G"). */
    public Volume createVolume(String name, String size) throws IngotException {
        return volumes.create(name, size);
    }

    /** Every volume, by name. */
    public List<Volume> volumes() throws IngotException {
        return volumes.list();
    }

    /** The running instances that have a volume attached (at most one). */
    public List<String> volumeUsers(Volume v) throws IngotException {
        return volumes.users(v);
    }

    /** Deletes a volume and its data; refused while a running instance has it. */
    public Volume removeVolume(String name) throws IngotException {
        return volumes.remove(name);
    }

    // --------------------------------------------------------------- instances

    /** The checks a run makes before any image work: name valid and free, --rm not with -d, ports free. */
    public void checkRun(RunOptions options) throws IngotException {
        new InstanceLauncher(instances, volumes).precheck(options);
    }

    /** Builds (or takes from the build cache) a spec's image and starts it. */
    public RunHandle run(Spec spec, RunOptions options) throws IngotException {
        checkRun(options);
        cleanUpInterrupted();
        try (StoreLock lock = StoreLock.shared(home.storeLock())) {
            Image image = builder().build(spec).image();
            return start(image, spec.name(), options);
        }
    }

    /** Starts a stored image, named by tag or digest. */
    public RunHandle run(String imageRef, RunOptions options) throws IngotException {
        checkRun(options);
        try (StoreLock lock = StoreLock.shared(home.storeLock())) {
            return start(images.resolve(imageRef), imageRef, options);
        }
    }

    /** Starts an image already resolved (see {@link #build}); the options decide how. */
    public RunHandle run(Image image, String label, RunOptions options) throws IngotException {
        try (StoreLock lock = StoreLock.shared(home.storeLock())) {
            if (!images.blobs().has(image.digest())) throw new NotFoundException("image " + image.digest() + " was removed");
            return start(image, label, options);
        }
    }

    private RunHandle start(Image image, String label, RunOptions options) throws IngotException {
        if (!options.detached()) {
            progress.info("booting " + label + " (" + image.manifest().run().kernel().id() + " kernel"
                    + (options.bootDisk() ? ", from its disk on pc" : "")
                    + (options.ports().isEmpty() ? "" : ", ports " + options.ports()) + "); Ctrl-C stops it");
        }
        if (image.manifest().run().kernel() == KernelKind.NATIVE && options.cpus() > 1) {
            // QEMU gets the vCPUs, but the native kernel has no SMP yet: say so rather than drop --cpus silently.
            progress.info("the native kernel runs the program on 1 of the " + options.cpus()
                    + " CPUs given; --kernel linux uses them all");
        }
        Path disk = options.bootDisk() ? bootDisk(image, options.accel(), options.kernelArgs()).path() : null;
        return new RunHandle(instances, new InstanceLauncher(instances, volumes).start(image, label, options, disk));
    }

    /**
     * The QEMU command line that boots the image by hand, as one shell-quoted
     * line to paste: console on the terminal, only paths that exist.
     */
    public String dryRun(Image image, RunOptions options) throws IngotException {
        try (StoreLock lock = StoreLock.shared(home.storeLock())) {
            Path disk = options.bootDisk() ? bootDisk(image, options.accel(), options.kernelArgs()).path() : null;
            String qemu = QemuCommand.toShell(new InstanceLauncher(instances, volumes).pasteableCommand(image, options, disk));
            if (disk != null || !BootRootfs.needsJoining(image)) return qemu;
            List<String> cat = new ArrayList<>(List.of("cat"));
            for (Path p : image.rootfsParts()) cat.add(p.toString());
            return QemuCommand.toShell(cat) + " > " + BootRootfs.PASTE_NAME + " && " + qemu;
        }
    }

    /** Instances, newest first, with what each is doing now; damaged state files are reported, not skipped silently. */
    public record Instances(List<InstanceView> instances, List<DamagedFileException> damaged) {}

    public Instances instances() throws IngotException {
        InstanceStore.Listing l = instances.scan();
        return new Instances(l.instances().stream().map(InstanceView::of).toList(), l.damaged());
    }

    public InstanceView instance(String ref) throws IngotException {
        return InstanceView.of(instances.find(ref));
    }

    /**
     * Copies an instance's console log to an output, or a service's supervisor
     * log (its boots, exits and failures); with {@code follow}, keeps copying while it runs.
     */
    public void logs(String ref, java.io.OutputStream out, boolean follow) throws IngotException {
        Optional<Service> service = services.find(ref);
        if (service.isPresent()) {
            Service s = service.get();
            try {
                ConsoleFollower.follow(s.log(), out, () -> follow && s.supervisor().isPresent());
            } catch (IOException e) {
                throw new IngotException("cannot read the service log " + s.log() + ": " + e.getMessage());
            }
            return;
        }
        Instance instance = instances.find(ref);
        try {
            ConsoleFollower.follow(instance.consoleLog(), out, () -> follow && instance.process().isPresent());
        } catch (IOException e) {
            throw new IngotException("cannot read the console log " + instance.consoleLog() + ": " + e.getMessage());
        }
    }

    /**
     * Stops an instance: SIGTERM to the program, QMP quit after the grace
     * time, then SIGTERM and SIGKILL of QEMU; or a service: its supervisor
     * stops its VMs that way and ends. True if it was running.
     */
    public boolean stop(String ref, Duration grace) throws IngotException {
        Optional<Service> service = services.find(ref);
        if (service.isPresent()) return SupervisorProcess.stop(service.get(), grace);
        return InstanceControl.stop(instances.find(ref), grace);
    }

    /** Removes an ended instance (a running one only with force, which stops it first). */
    public InstanceView remove(String ref, boolean force) throws IngotException {
        Instance instance = instances.find(ref);
        if (instance.process().isPresent()) {
            if (!force) {
                throw new ConflictException("instance " + instance.state().name() + " is running: ingot stop "
                        + instance.state().name() + " first, or ingot rm -f " + instance.state().name());
            }
            InstanceControl.stop(instance, Duration.ofSeconds(2));
        }
        instances.remove(instance);
        return InstanceView.of(instance);
    }

    // ---------------------------------------------------------------- services

    /** Registers a service (docs/serve.md): its name is taken, nothing runs yet. */
    public Service createService(ServiceConfig config) throws IngotException {
        if (instances.nameTaken(config.name())) {
            throw new ConflictException("name " + config.name() + " is taken by an instance: choose another with --name");
        }
        return services.create(config);
    }

    public Optional<Service> findService(String name) throws IngotException {
        return services.find(name);
    }

    /** Services by name, with their supervisor's last status; damaged ones reported. */
    public ServiceStore.Listing services() throws IngotException {
        return services.scan();
    }

    /** The supervisor for a service, to run in this process; {@code log} gets every event line. */
    public Supervisor supervisor(Service service, Consumer<String> log) {
        return new Supervisor(home, services, service, log);
    }

    /** Starts a service's supervisor in the background ({@code command} runs it) and waits until it holds the port. */
    public long startSupervisor(Service service, List<String> command) throws IngotException {
        return SupervisorProcess.start(services, service, command);
    }

    /** Forgets a service that no longer runs (a running one only with force, which stops it first) and its instances. */
    public void removeService(Service service, boolean force) throws IngotException {
        String name = service.config().name();
        if (service.supervisor().isPresent()) {
            if (!force) throw new ConflictException("service " + name + " is running: ingot stop " + name + " first, or ingot rm -f " + name);
            SupervisorProcess.stop(service, Duration.ofSeconds(2));
        }
        for (int slot = 1; slot <= service.config().max(); slot++) {
            String instanceName = service.config().instanceName(slot);
            for (Instance i : instances.list()) {
                if (!i.state().name().equals(instanceName)) continue;
                if (i.process().isPresent()) InstanceControl.stop(i, Duration.ofSeconds(2));
                instances.remove(i);
            }
        }
        services.remove(service);
    }
}
