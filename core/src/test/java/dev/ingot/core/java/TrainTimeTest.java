package dev.ingot.core.java;

import dev.ingot.core.IngotException;
import dev.ingot.core.spec.ConfigFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The training time as flags, ingot.yaml and the pom write it. */
class TrainTimeTest {
    @TempDir Path dir;

    @Test
    void parse_secondsMinutesAndBareNumbers() throws Exception {
        assertThat(TrainTime.parse("30s", "--train-time")).isEqualTo(Duration.ofSeconds(30));
        assertThat(TrainTime.parse("2m", "--train-time")).isEqualTo(Duration.ofMinutes(2));
        assertThat(TrainTime.parse(" 45 ", "--train-time")).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void parse_rejectsWordsZeroAndHours_withTheFlagsName() {
        assertThatThrownBy(() -> TrainTime.parse("soon", "--train-time")).isInstanceOf(IngotException.class)
                .hasMessage("--train-time: 'soon' is not a duration: write seconds (30, 30s) or minutes (2m)");
        assertThatThrownBy(() -> TrainTime.parse("0s", "--train-time")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> TrainTime.parse("61m", "--train-time")).hasMessageContaining("out of range");
    }

    @Test
    void yaml_trainTrueTakesTheDefault_aDurationItsValue_falseNone() throws Exception {
        assertThat(javaTrain("true")).isEqualTo(TrainTime.DEFAULT);
        assertThat(javaTrain("20s")).isEqualTo(Duration.ofSeconds(20));
        assertThat(javaTrain("false")).isNull();
        assertThatThrownBy(() -> javaTrain("often")).isInstanceOf(IngotException.class)
                .hasMessageContaining("java.train").hasMessageContaining("not a duration");
    }

    private Duration javaTrain(String value) throws Exception {
        Path jar = Files.writeString(dir.resolve("app.jar"), "");
        Path f = Files.writeString(dir.resolve("ingot.yaml"), "java:\n  jar: " + jar + "\n  train: " + value + "\n");
        return ConfigFile.read(f).build().java().train();
    }
}
