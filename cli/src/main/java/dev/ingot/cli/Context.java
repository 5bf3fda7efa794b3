package dev.ingot.cli;

import dev.ingot.core.IngotException;
import dev.ingot.core.image.ImageBuilder;
import dev.ingot.core.image.ImageStore;
import dev.ingot.core.instance.InstanceStore;
import dev.ingot.core.kernel.KernelArtifacts;
import dev.ingot.core.util.IngotHome;
import dev.ingot.core.util.Progress;

/** What the verbs share: where state lives and how progress is shown. */
final class Context {
    final IngotHome home = IngotHome.fromEnvironment();
    final ImageStore images = new ImageStore(home.images());
    final InstanceStore instances = new InstanceStore(home.instances());

    Progress progress() {
        return new Progress(System.err, System.console() != null && System.console().isTerminal(), false);
    }

    ImageBuilder imageBuilder(Progress progress) throws IngotException {
        return new ImageBuilder(images, new KernelArtifacts(KernelArtifacts.distFromEnvironment(), home, progress), progress);
    }
}
