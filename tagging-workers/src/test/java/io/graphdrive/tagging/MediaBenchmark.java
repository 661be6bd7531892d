package io.graphdrive.tagging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Benchmark, not a test: PocketSphinx's word recall on five espeak-ng sentences, seconds of speech
 * transcribed per second of wall time, and the wall time of the video extractor on a 1-minute and a
 * 20-minute video with speech. Run with {@code mvn -q -pl tagging-workers test-compile
 * org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.mainClass=io.graphdrive.tagging.MediaBenchmark
 * -Dexec.classpathScope=test}.
 */
public final class MediaBenchmark {
  private static final List<String> SENTENCES =
      List.of(
          "the music concert was held in the city hall",
          "the region based segmentation of medical images uses graph cuts",
          "please open the window and turn on the kitchen light",
          "the weather today is sunny and warm in the mountains",
          "the doctor reviewed the patient records before the surgery");
  private static final Set<String> STOPWORDS = Set.of("the", "was", "in", "of", "and", "on", "is", "before", "please");

  private MediaBenchmark() {}

  /** Prints recall, transcription speed and video times. */
  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("media-benchmark-");
    SpeechRecognizer recognizer = Models.speech();
    int heard = 0;
    int total = 0;
    for (int i = 0; i < SENTENCES.size(); i++) {
      Path wav = MediaSamples.speech(dir.resolve("s" + i + ".wav"), SENTENCES.get(i));
      Path wav16 = MediaSamples.convert(wav, dir.resolve("s" + i + "-16k.wav"), "-ar", "16000", "-ac", "1", "-c:a", "pcm_s16le");
      List<String> words = Arrays.asList(recognizer.transcribe(wav16).split("\\s+"));
      List<String> content = Arrays.stream(SENTENCES.get(i).split(" ")).filter(w -> !STOPWORDS.contains(w)).toList();
      List<String> caught = content.stream().filter(words::contains).toList();
      heard += caught.size();
      total += content.size();
      System.out.printf(Locale.ROOT, "recall %d/%d %s | heard: %s%n", caught.size(), content.size(), caught, String.join(" ", words));
    }
    System.out.printf(Locale.ROOT, "word recall: %d of %d content words (%.0f%%)%n", heard, total, 100.0 * heard / total);

    String passage = SENTENCES.stream().collect(Collectors.joining(". ")) + ".";
    Path minute = MediaSamples.speech(dir.resolve("minute.wav"), (passage + " ").repeat(4));
    Path minute16 = MediaSamples.convert(minute, dir.resolve("minute-16k.wav"), "-ar", "16000", "-ac", "1", "-c:a", "pcm_s16le");
    double audioSeconds = Ffmpeg.probe(minute16).seconds();
    long start = System.nanoTime();
    recognizer.transcribe(minute16);
    double wall = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "transcription: %.1f s of speech in %.1f s wall: %.2f s of audio per second%n",
        audioSeconds, wall, audioSeconds / wall);

    VideoExtractor video = new VideoExtractor(new SpeechTrack(recognizer), List.of());
    for (int seconds : new int[] {60, 1200}) {
      Path file = MediaSamples.video(dir.resolve("v" + seconds + ".mp4"), "BENCHMARK", "640x360", 5, seconds, minute);
      Extraction tika = Models.extractor().extract("/v.mp4", file, "", Files.size(file));
      start = System.nanoTime();
      int frames = VideoExtractor.frames(file, Ffmpeg.probe(file), Files.createTempDirectory(dir, "frames-")).size();
      double frameWall = (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      Findings f = video.extract(file, tika);
      wall = (System.nanoTime() - start) / 1e9;
      System.out.printf(Locale.ROOT, "video %d s (%d MB): %.1f s wall (of which %d frames alone: %.1f s), %d clues%n",
          seconds, Files.size(file) >> 20, wall, frames, frameWall, f.clues().size());
    }
  }
}
