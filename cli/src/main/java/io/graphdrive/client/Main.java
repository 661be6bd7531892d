package io.graphdrive.client;

import io.graphdrive.bench.BenchCommand;
import io.graphdrive.bench.IoBenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code graphdrive} command line. */
@Command(
    name = "graphdrive",
    mixinStandardHelpOptions = true,
    version = "GraphDrive 0.1.0",
    description = "A graph file system with auto-tagging: files stored in JuiceFS, tagged by models, "
        + "found through a graph of tags.",
    subcommands = {
      UpCommand.class,
      PutCommand.class,
      RmCommand.class,
      MvCommand.class,
      ImportCommand.class,
      TagsCommand.class,
      SearchCommand.class,
      StatusCommand.class,
      RetagCommand.class,
      FsckCommand.class,
      BenchCommand.class,
      MountCommand.class, UnmountCommand.class,
      IoBenchCommand.class,
      ModelsCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {"", "Run 'graphdrive COMMAND --help' for a command's options."})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Prints the usage when no command is given. */
  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Runs the command line and exits with its status: 0 done, 1 failed, 2 bad usage. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** Returns the configured command line; errors print as one line, not a stack trace. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("graphdrive: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return 1;
    });
    return cli;
  }
}
