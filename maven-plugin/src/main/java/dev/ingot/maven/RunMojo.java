package dev.ingot.maven;

import dev.ingot.api.Ingot;
import dev.ingot.api.RunHandle;
import dev.ingot.core.IngotException;
import dev.ingot.core.hypervisor.Accel;
import dev.ingot.core.hypervisor.AccelDetector;
import dev.ingot.core.image.Image;
import dev.ingot.core.image.ImageManifest;
import dev.ingot.core.instance.RunOptions;
import dev.ingot.core.spec.Spec;
import dev.ingot.core.util.Progress;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

import java.util.List;

/**
 * {@code mvn package ingot:run}: build the image and boot it in the
 * foreground with the console in Maven's output, as {@code ingot run --rm}
 * does. A non-zero exit status of the program fails the build; Ctrl-C stops the VM.
 */
@Mojo(name = "run", requiresDependencyResolution = ResolutionScope.RUNTIME)
public final class RunMojo extends AbstractIngotMojo {
    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        Progress progress = progress();
        try {
            Ingot ingot = ingot(progress);
            Spec spec = spec();
            Image image = buildImage(ingot, spec);
            ImageManifest.Run run = image.manifest().run();
            AccelDetector.Choice accel = new AccelDetector().choose(Accel.AUTO);
            progress.info(accel.reason());
            RunOptions options = new RunOptions(null, run.ports(), run.memoryBytes(), run.cpus(), accel.accel(),
                    List.of(), false, true);
            RunHandle handle = ingot.run(image, spec.name(), options);
            int exit = handle.waitFor(System.out);
            System.out.flush();
            if (exit != 0) throw new MojoFailureException("ingot: the program exited with status " + exit);
        } catch (IngotException e) {
            throw new MojoFailureException("ingot: " + e.getMessage(), e);
        }
    }
}
