package io.graphdrive.client;

import io.graphdrive.apiclient.ApiClient;
import io.graphdrive.apiclient.ClientOptions;
import io.graphdrive.common.DrivePath;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Deletes a file from the drive and the graph. */
@Command(name = "rm", mixinStandardHelpOptions = true,
    description = "Delete a file from the drive and from the graph; tags left with no file go too.")
final class RmCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Parameters(paramLabel = "DRIVEPATH", description = "the file to delete, e.g. /papers/paper.pdf")
  String drivePath;

  @Override
  public Integer call() throws Exception {
    String path = DrivePath.normalize(drivePath);
    try {
      options.api().delete("/api/v1/files", ApiClient.query("path", path));
    } catch (ApiClient.ApiException e) {
      if (e.status() == 404) {
        System.err.println("graphdrive: no such file in the drive: " + path);
        return 1;
      }
      throw e;
    }
    System.out.println("deleted " + path);
    return 0;
  }
}
