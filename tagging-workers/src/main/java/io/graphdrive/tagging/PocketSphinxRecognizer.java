package io.graphdrive.tagging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * CMU PocketSphinx from Debian ({@code pocketsphinx_continuous} with the {@code pocketsphinx-en-us}
 * acoustic model, dictionary and language model it defaults to): English only, and it catches only
 * some words (on speech made by espeak-ng, roughly one content word in five; see BENCHMARKS.md).
 */
final class PocketSphinxRecognizer implements SpeechRecognizer {
  /** Name recorded as the model of its clues and tags. */
  static final String MODEL = "pocketsphinx-en-us";

  private static final String PROGRAM = "pocketsphinx_continuous";
  private static final Path ACOUSTIC_MODEL = Path.of("/usr/share/pocketsphinx/model/en-us/en-us");
  private static final int WAV_HEADER_BYTES = 44;
  private static final int BYTES_PER_SECOND = Ffmpeg.SAMPLE_RATE * 2;
  // Measured at about 0.4 s of CPU per second of audio; the limit allows ten times that on a busy machine.
  private static final int TIMEOUT_SECONDS_PER_AUDIO_SECOND = 4;
  private static final int TIMEOUT_BASE_SECONDS = 30;

  @Override
  public String transcribe(Path wav16kMono) throws IOException {
    long audioSeconds = Math.max(0, Files.size(wav16kMono) - WAV_HEADER_BYTES) / BYTES_PER_SECOND;
    Duration timeout = Duration.ofSeconds(TIMEOUT_BASE_SECONDS + TIMEOUT_SECONDS_PER_AUDIO_SECOND * audioSeconds);
    Processes.Result r = Processes.run(List.of(PROGRAM, "-infile", wav16kMono.toString(), "-logfn", "/dev/null"), timeout);
    if (r.exitCode() != 0) {
      throw new IOException(PROGRAM + " failed: " + r.reason());
    }
    return r.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
  }

  @Override
  public String model() {
    return MODEL;
  }

  @Override
  public boolean available() {
    return Programs.onPath(PROGRAM) && Files.isDirectory(ACOUSTIC_MODEL);
  }
}
