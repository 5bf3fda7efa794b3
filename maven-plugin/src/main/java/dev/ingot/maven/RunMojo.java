package dev.ingot.maven;

import dev.ingot.core.IngotException;
import dev.ingot.core.hypervisor.Accel;
import dev.ingot.core.hypervisor.AccelDetector;
import dev.ingot.core.hypervisor.ExitStatus;
import dev.ingot.core.image.Image;
import dev.ingot.core.image.ImageManifest;
import dev.ingot.core.instance.ConsoleFollower;
import dev.ingot.core.instance.InstanceLauncher;
import dev.ingot.core.instance.InstanceStore;
import dev.ingot.core.instance.RunOptions;
import dev.ingot.core.spec.PortForward;
import dev.ingot.core.util.Progress;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@code mvn package ingot:run}: build the image and boot it in the
 * foreground, the console in Maven's output, as {@code ingot run} does. A
 * non-zero exit status of the program fails the build; Ctrl-C stops the VM.
 */
@Mojo(name = "run", requiresDependencyResolution = ResolutionScope.RUNTIME)
public final class RunMojo extends AbstractIngotMojo {
    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        Progress progress = progress();
        Image image = buildImage(progress);
        try {
            ImageManifest.Run run = image.manifest().run();
            List<PortForward> forwards = new ArrayList<>();
            for (String p : run.ports()) forwards.add(PortForward.parseStored(p));
            AccelDetector.Choice accel = new AccelDetector().choose(Accel.AUTO);
            progress.info(accel.reason());
            RunOptions options = new RunOptions(null, forwards, run.memoryBytes(), run.cpus(), accel.accel(), List.of(), false);
            InstanceStore instances = new InstanceStore(home().instances());
            InstanceLauncher.Started started = new InstanceLauncher(instances).start(image, options);
            Thread stopOnExit = new Thread(() -> started.process().destroy(), "ingot-stop-vm");
            Runtime.getRuntime().addShutdownHook(stopOnExit);
            ConsoleFollower.follow(started.instance().consoleLog(), System.out, started.process()::isAlive);
            int qemu = started.process().waitFor();
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
            OptionalInt status = ExitStatus.fromControlFile(started.instance().controlFile());
            if (status.isEmpty()) status = ExitStatus.fromQemuStatus(qemu);
            instances.remove(started.instance());
            int exit = status.orElse(-1);
            if (exit != 0) throw new MojoFailureException("ingot: the program exited with status " + exit);
        } catch (IngotException e) {
            throw new MojoFailureException("ingot: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("ingot: cannot follow the console: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("ingot: interrupted", e);
        }
    }
}
