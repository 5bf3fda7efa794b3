package dev.ingot.cli;

import dev.ingot.api.Ingot;
import dev.ingot.core.util.IngotHome;
import dev.ingot.core.util.Progress;

/** What the verbs share: the API over this INGOT_HOME, and how progress is shown. */
final class Context {
    final IngotHome home = IngotHome.fromEnvironment();
    final Progress progress = new Progress(System.err, System.console() != null && System.console().isTerminal(), false);
    final Ingot ingot = new Ingot(home, progress);
}
