package io.graphdrive.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphdrive.common.Tag;
import io.graphdrive.common.TagSource;
import io.graphdrive.common.TaggingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Speech in audio files, through FileTagger with the real models, PocketSphinx and ffmpeg. */
final class AudioExtractorTest {
  @TempDir static Path dir;
  private static FileTagger tagger;
  private static Path spoken;

  @BeforeAll
  static void setUp() throws Exception {
    Vocabulary vocabulary = Vocabulary.parse(Vocabulary.defaultText());
    tagger =
        FileTagger.standard(Sources.directory(dir), dir.resolve("no-models"), () -> vocabulary);
    spoken = MediaSamples.speech(dir.resolve("spoken.wav"), MediaSamples.SPEECH);
  }

  static List<String> heardContentWords(String text) {
    List<String> words = Arrays.asList(text.toLowerCase(Locale.ROOT).split("\\W+"));
    return MediaSamples.CONTENT_WORDS.stream().filter(words::contains).toList();
  }

  static boolean hasSpeechTag(TaggingResult r) {
    return r.tags().stream()
        .anyMatch(t -> t.name().equals("speech") && t.source() == TagSource.SPEECH && t.model().equals(PocketSphinxRecognizer.MODEL));
  }

  @Test
  void recognizerIsInstalled() {
    assertTrue(Models.speech().available(), "pocketsphinx_continuous and pocketsphinx-en-us are installed by scripts/setup.sh");
    assertTrue(Ffmpeg.available());
  }

  @Test
  void speechInWavMp3AndM4aIsTranscribedAndTagged() throws Exception {
    MediaSamples.convert(spoken, dir.resolve("spoken.mp3"));
    MediaSamples.convert(spoken, dir.resolve("spoken.m4a"), "-c:a", "aac");
    for (String name : List.of("spoken.wav", "spoken.mp3", "spoken.m4a")) {
      TaggingResult r = tagger.tag("/" + name);
      assertNull(r.error(), name);
      assertTrue(r.mime().startsWith("audio/"), name + ": " + r.mime());
      assertTrue(hasSpeechTag(r), name + ": " + r.tags());
      assertTrue(r.tags().stream().map(Tag::name).toList().contains("audio"), name + ": " + r.tags());
      assertNotNull(r.text(), name);
      // Measured: 2 or 3 of the 12 content words in each format ("music" and "concert" in all three).
      assertFalse(heardContentWords(r.text()).isEmpty(), name + " heard: " + r.text());
      assertNotNull(r.embedding(), name);
    }
  }

  @Test
  void musicKeepsOnlyMetadataTags() throws Exception {
    MediaSamples.convert(MediaSamples.chords(dir.resolve("chords.wav"), 12), dir.resolve("chords.mp3"));
    MediaSamples.plucked(dir.resolve("plucked.flac"), 12);
    for (String name : List.of("chords.mp3", "plucked.flac")) {
      TaggingResult r = tagger.tag("/" + name);
      assertNull(r.error(), name);
      assertFalse(hasSpeechTag(r), name + ": " + r.tags());
      assertTrue(r.tags().stream().noneMatch(t -> t.source() == TagSource.SPEECH), name + ": " + r.tags());
      // The text is Tika's own (an MP3's title and length), no transcript.
      String own = Models.extractor().extract("/" + name, dir.resolve(name), "", Files.size(dir.resolve(name))).text().strip();
      assertEquals(own.isEmpty() ? null : own, r.text(), name);
      assertTrue(r.tags().stream().map(Tag::name).toList().contains("audio"), name + ": " + r.tags());
    }
  }

  @Test
  void corruptAndTruncatedAudioFailsReadably() throws Exception {
    Path mp3 = MediaSamples.convert(spoken, dir.resolve("whole.mp3"));
    MediaSamples.truncated(spoken, dir.resolve("cut.wav"), Files.size(spoken) / 3);
    MediaSamples.truncated(mp3, dir.resolve("cut.mp3"), Files.size(mp3) / 3);
    MediaSamples.corrupt(mp3, dir.resolve("noise.mp3"), 1_000, 60_000);
    MediaSamples.corrupt(spoken, dir.resolve("noise.wav"), 16, 60_000);
    Map<String, String> expected =
        Map.of(
            "cut.wav", "the WAV file is truncated",
            "cut.mp3", "the audio is truncated or corrupt",
            "noise.mp3", "the audio is truncated or corrupt",
            "noise.wav", "cannot read the media container");
    for (String name : expected.keySet()) {
      TaggingResult r = tagger.tag("/" + name);
      assertNotNull(r.error(), name + " was tagged: " + r.tags());
      assertEquals(1, r.error().lines().count(), name + ": " + r.error());
      assertFalse(r.error().contains("Exception"), name + ": " + r.error());
      assertTrue(r.tags().isEmpty(), name);
      assertTrue(r.error().startsWith(expected.get(name)), name + ": " + r.error());
    }
  }

  @Test
  void halfAnHourOfSoundIsSampled() throws Exception {
    Path noise = MediaSamples.noise(dir.resolve("long.mp3"), 1800);
    MediaInfo info = Ffmpeg.probe(noise);
    assertEquals(1800, info.seconds(), 1);
    List<Ffmpeg.Range> ranges = SpeechTrack.ranges(info.audioSeconds());
    assertEquals(SpeechTrack.SEGMENTS, ranges.size());
    assertEquals(SpeechTrack.SEGMENTS * SpeechTrack.SEGMENT_SECONDS, ranges.stream().mapToDouble(Ffmpeg.Range::length).sum(), 1e-9);
    assertTrue(ranges.get(ranges.size() - 1).start() + SpeechTrack.SEGMENT_SECONDS <= 1800);
    long start = System.nanoTime();
    TaggingResult r = tagger.tag("/long.mp3");
    double seconds = (System.nanoTime() - start) / 1e9;
    assertNull(r.error());
    assertFalse(hasSpeechTag(r), r.tags().toString());
    // Not a benchmark: the bound is the actor's per-file limit, which a full decode would approach.
    assertTrue(seconds < 120, "took " + seconds + " s");
  }
}
