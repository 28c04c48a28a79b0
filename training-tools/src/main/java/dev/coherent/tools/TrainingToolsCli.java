package dev.coherent.tools;

import dev.coherent.cohort.CohortFormatException;
import dev.coherent.modelset.InvalidQueryException;
import dev.coherent.store.MalformedModelException;
import dev.coherent.store.ModelNotFoundException;
import dev.coherent.store.ModelStoreUnavailableException;
import dev.coherent.store.TamperedModelException;
import dev.coherent.tools.command.AssembleCommand;
import dev.coherent.tools.command.AuditCommand;
import dev.coherent.tools.command.AuditReferenceCommand;
import dev.coherent.tools.command.BenchCommand;
import dev.coherent.tools.command.CalibrateCommand;
import dev.coherent.tools.command.CrossvalidateCommand;
import dev.coherent.tools.command.DescribeCommand;
import dev.coherent.tools.command.EvaluateCommand;
import dev.coherent.tools.command.EvaluatePrioritizationCommand;
import dev.coherent.tools.command.ImputeCommand;
import dev.coherent.tools.command.QuickstartCommand;
import dev.coherent.tools.command.TrainClassifierCommand;
import dev.coherent.tools.command.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code coherent} command: train, impute, evaluate and benchmark Coherent Denoising models.
 *
 * <p>Exit codes: 0 success, 1 unexpected error, 2 usage, 3 bad input data or query, 4 model store
 * or model set problem. Errors print one line on stderr; {@code --verbose} adds the stack trace.
 */
@Command(
        name = "coherent",
        mixinStandardHelpOptions = true,
        versionProvider = TrainingToolsCli.Version.class,
        description = "Coherent Denoising: train, export and sample multi-omics diffusion models.",
        subcommands = {
            QuickstartCommand.class,
            TrainCommand.class,
            AssembleCommand.class,
            ImputeCommand.class,
            EvaluateCommand.class,
            CrossvalidateCommand.class,
            TrainClassifierCommand.class,
            CalibrateCommand.class,
            EvaluatePrioritizationCommand.class,
            AuditCommand.class,
            AuditReferenceCommand.class,
            DescribeCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class TrainingToolsCli {
    public static final int EXIT_DATA = 3;
    public static final int EXIT_STORE = 4;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces on errors.")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (also used by tests). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new TrainingToolsCli());
        // Every command's --version prints the tool's version (picocli would print nothing there).
        withToolVersion(cl);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean verbose = parseResult.hasMatchedOption("--verbose");
            commandLine.getErr().println("error: " + e.getMessage());
            if (verbose) {
                e.printStackTrace(commandLine.getErr());
            }
            return exitCode(e);
        });
        return cl;
    }

    private static void withToolVersion(CommandLine command) {
        command.getSubcommands().values().forEach(sub -> {
            sub.getCommandSpec().versionProvider(new Version());
            withToolVersion(sub);
        });
    }

    static int exitCode(Throwable e) {
        if (e instanceof CommandLine.ParameterException) {
            // Options that parse but cannot go together with the data (e.g. --shard on a raw cohort).
            return CommandLine.ExitCode.USAGE;
        }
        if (e instanceof CohortFormatException
                || e instanceof InvalidQueryException
                || e instanceof IllegalArgumentException) {
            return EXIT_DATA;
        }
        if (e instanceof ModelStoreUnavailableException
                || e instanceof ModelNotFoundException
                || e instanceof TamperedModelException
                || e instanceof MalformedModelException) {
            return EXIT_STORE;
        }
        return 1;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = TrainingToolsCli.class.getPackage().getImplementationVersion();
            return new String[] {"coherent " + (v == null ? "dev" : v)};
        }
    }
}
