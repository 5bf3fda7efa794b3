package dev.ingot.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Maven plugin on a real sample project (src/test/resources/maven-sample): build, then run. */
class MavenPluginTest {
    @TempDir Path home;
    @TempDir Path work;

    @Test
    void build_makesAnImageTheCliBoots() throws Exception {
        Path project = MavenProjects.copy("maven-sample", work);

        MavenProjects.Result mvn = MavenProjects.mvn(project, home, "-q", "package", "ingot:build");

        assertThat(mvn.exit()).as(mvn.output()).isZero();
        IngotProcess.Result images = new IngotProcess(home).run("images");
        assertThat(images.out()).contains("greeter");
        IngotProcess.Result run = new IngotProcess(home).run(Duration.ofMinutes(6), Map.of(), "run", "--rm", "greeter");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("hello from maven\n");
    }

    @Test
    void run_bootsTheProjectWithItsConsoleInMavensOutput() throws Exception {
        Path project = MavenProjects.copy("maven-sample", work);

        MavenProjects.Result mvn = MavenProjects.mvn(project, home, "package", "ingot:run");

        assertThat(mvn.exit()).as(mvn.output()).isZero();
        assertThat(mvn.output()).contains("hello from maven\n").contains("BUILD SUCCESS");
    }

    @Test
    void run_programFailing_failsTheBuild() throws Exception {
        Path project = MavenProjects.copy("maven-sample", work);

        MavenProjects.Result mvn = MavenProjects.mvn(project, home, "package", "ingot:run", "-Dingot.mainClass=sample.Missing");

        assertThat(mvn.exit()).isNotZero();
        assertThat(mvn.output()).contains("ingot: the program exited with status 1").contains("BUILD FAILURE");
    }
}
