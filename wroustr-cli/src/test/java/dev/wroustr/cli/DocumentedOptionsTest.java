package dev.wroustr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options each command's README section documents are the options the command has, both
 * ways: an option added to a command and not to the README, or documented and gone, fails here.
 */
class DocumentedOptionsTest {
    private static final Pattern OPTION = Pattern.compile("`(--[a-z][a-z-]*)");

    @ParameterizedTest
    @ValueSource(strings = {"demo", "connect", "bench"})
    void theReadmeDocumentsEveryOptionOfTheCommandAndNoOther(String command) throws Exception {
        Set<String> documented = documentedOptions(command);
        Set<String> actual = new TreeSet<>();
        for (OptionSpec option : commandLine().getSubcommands().get(command).getCommandSpec().options()) {
            if (option.usageHelp() || option.versionHelp() || option.hidden()) continue;
            actual.add(option.longestName());
        }
        assertThat(documented).as("options in the README's table for `wroustr %s`", command).isEqualTo(actual);
    }

    /**
     * picocli wraps each line of a text to the width of its column: a text written as several
     * lines must keep each under the width, and an option's description (a narrower column) must
     * be one paragraph, or the help shows a word or two alone on a line.
     */
    @ParameterizedTest
    @ValueSource(strings = {"demo", "connect", "bench"})
    void theHelpIsNeverWrappedMidPhrase(String command) {
        CommandLine cli = commandLine().getSubcommands().get(command);
        var usage = cli.getCommandSpec().usageMessage();
        assertThat(usage.width()).isEqualTo(Main.USAGE_WIDTH);
        for (String[] text : java.util.List.of(usage.description(), usage.footer(), usage.header())) {
            for (String line : text) {
                assertThat(line.length()).as("a line of `wroustr %s --help`", command).isLessThanOrEqualTo(Main.USAGE_WIDTH);
            }
        }
        for (OptionSpec option : cli.getCommandSpec().options()) {
            assertThat(option.description()).as("the description of %s", option.longestName()).hasSizeLessThanOrEqualTo(1);
        }
    }

    /** The options named at the start of a row of the command's tables in wroustr-cli/README.md. */
    private static Set<String> documentedOptions(String command) throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("## `wroustr " + command);
        assertThat(start).as("a README section for `wroustr %s`", command).isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        Set<String> options = new TreeSet<>();
        for (String line : readme.substring(start, end < 0 ? readme.length() : end).split("\n")) {
            if (!line.startsWith("| `")) continue;
            String firstCell = line.substring(1, line.indexOf('|', 1));
            Matcher matcher = OPTION.matcher(firstCell);
            while (matcher.find()) options.add(matcher.group(1));
        }
        return options;
    }

    private static CommandLine commandLine() {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        return Main.commandLine(new Terminal(new ByteArrayInputStream(new byte[0]), nowhere, nowhere, Map.of()));
    }
}
