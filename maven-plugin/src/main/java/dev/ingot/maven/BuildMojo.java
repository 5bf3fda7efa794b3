package dev.ingot.maven;

import dev.ingot.core.IngotException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** {@code mvn package ingot:build}: the project as an Ingot image tagged NAME:latest, as {@code ingot build} makes it. */
@Mojo(name = "build", defaultPhase = LifecyclePhase.PACKAGE, requiresDependencyResolution = ResolutionScope.RUNTIME,
        threadSafe = true)
public final class BuildMojo extends AbstractIngotMojo {
    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        try {
            buildImage(ingot(progress()), spec());
        } catch (IngotException e) {
            throw new MojoFailureException("ingot: " + e.getMessage(), e);
        }
    }
}
