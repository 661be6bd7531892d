package io.graphdrive.client;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Lists and fetches the models no package registry ships (today the image model, CLIP). */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = "List or fetch the models that are downloaded into DATA/models/ (checksums verified).",
    subcommands = {ModelsCommand.Fetch.class, ModelsCommand.ListModels.class})
final class ModelsCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  /** Prints the usage when no subcommand is given. */
  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Returns the folder models are installed in. */
  static Path modelsDir(Path data) {
    return data.resolve("models");
  }

  /** Downloads one model into DATA/models/NAME/. */
  @Command(name = "fetch", mixinStandardHelpOptions = true,
      description = "Download a model's files, verify their sha256 and install them into DATA/models/NAME/; "
          + "nothing is installed when any file fails. Index servers load it at their next start.")
  static final class Fetch implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", description = "the model, for example clip ('graphdrive models list' names them)")
    String name;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "graphdrive-data",
        description = "data directory (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--from", paramLabel = "URL|DIR",
        description = "fetch from a mirror instead: a base URL or a local folder holding the files under their installed names")
    String from;

    @Option(names = "--trust-first-download",
        description = "install files whose sha256 the manifest does not record yet, printing the hash seen")
    boolean trustFirstDownload;

    @Override
    public Integer call() throws Exception {
      ModelManifest.Model model = ModelManifest.bundled().model(name);
      Path folder = new ModelFetcher(modelsDir(data), System.out).fetch(model, from, trustFirstDownload);
      System.out.println("installed " + model.name() + " in " + folder);
      return 0;
    }
  }

  /** Shows each fetchable model and whether it is installed. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Show the models 'models fetch' knows and whether each is installed in DATA/models/.")
  static final class ListModels implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "graphdrive-data",
        description = "data directory (default: ${DEFAULT-VALUE})")
    Path data;

    @Override
    public Integer call() {
      ModelFetcher fetcher = new ModelFetcher(modelsDir(data), System.out);
      for (ModelManifest.Model m : ModelManifest.bundled().models().values()) {
        String state = fetcher.installed(m)
            ? "installed in " + modelsDir(data).resolve(m.name())
            : "not installed (graphdrive models fetch " + m.name() + ")";
        System.out.println(m.name() + "  " + state + "\n  " + m.description());
      }
      return 0;
    }
  }
}
