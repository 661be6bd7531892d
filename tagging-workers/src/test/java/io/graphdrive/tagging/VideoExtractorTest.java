package io.graphdrive.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphdrive.common.Tag;
import io.graphdrive.common.TaggingResult;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Videos through FileTagger with the real models and ffmpeg: container facts, frames, speech, bad files, a long one. */
final class VideoExtractorTest {
  @TempDir static Path dir;
  private static FileTagger tagger;

  @BeforeAll
  static void setUp() {
    Vocabulary vocabulary = Vocabulary.parse(Vocabulary.defaultText());
    tagger =
        FileTagger.standard(Sources.directory(dir), dir.resolve("no-models"), () -> vocabulary);
  }

  @Test
  void videoGetsItsFactsAndTheTranscriptOfItsSpeech() throws Exception {
    Path speech = MediaSamples.speech(dir.resolve("speech.wav"), MediaSamples.SPEECH);
    MediaSamples.video(dir.resolve("talk.mp4"), "GRAPH CUTS", "320x240", 10, 12, speech);
    TaggingResult r = tagger.tag("/talk.mp4");
    assertNull(r.error());
    assertEquals("video/mp4", r.mime());
    assertTrue(r.tags().stream().map(Tag::name).toList().containsAll(List.of("video", "mp4")), r.tags().toString());
    assertTrue(AudioExtractorTest.hasSpeechTag(r), r.tags().toString());
    assertNotNull(r.text());
    assertTrue(r.text().contains("video 320x240 h264, audio aac, 12.0 s"), r.text());
    assertFalse(AudioExtractorTest.heardContentWords(r.text()).isEmpty(), r.text());
    assertTrue(r.tags().stream().noneMatch(t -> t.name().contains("aac")), "the facts give no key phrases: " + r.tags());
    assertFalse(r.tags().stream().map(Tag::name).toList().contains("1904"), "an unset MP4 clock is no year: " + r.tags());
    // The caption drawn on the frames is read by OCR (model paddleocr-v4) and searchable.
    assertTrue(r.text().toUpperCase(java.util.Locale.ROOT).contains("GRAPH CUTS"), r.text());
    assertTrue(r.tags().stream().anyMatch(t -> t.source() == io.graphdrive.common.TagSource.OCR), r.tags().toString());
  }

  @Test
  void framesAreSpreadOverTheVideoAndScaledDown() throws Exception {
    Path big = MediaSamples.video(dir.resolve("wide.mp4"), "SLIDE", "1600x900", 2, 30, null);
    Path small = MediaSamples.video(dir.resolve("small.mp4"), "SLIDE", "320x240", 10, 12, null);
    Map<Path, List<Integer>> expected = Map.of(big, List.of(3, 1280, 720), small, List.of(1, 320, 240));
    for (Map.Entry<Path, List<Integer>> e : expected.entrySet()) {
      Path frames = Files.createTempDirectory(dir, "frames-");
      List<Path> pngs = VideoExtractor.frames(e.getKey(), Ffmpeg.probe(e.getKey()), frames);
      assertEquals(e.getValue().get(0), pngs.size(), e.getKey().toString());
      for (Path png : pngs) {
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(e.getValue().get(1), image.getWidth(), png.toString());
        assertEquals(e.getValue().get(2), image.getHeight(), png.toString());
        // The caption is black on white: the middle row holds both.
        int y = image.getHeight() / 2;
        boolean dark = false;
        for (int x = 0; x < image.getWidth() && !dark; x++) {
          dark = (image.getRGB(x, y) & 0xff) < 64;
        }
        assertTrue(dark, png + " shows no caption");
      }
    }
  }

  @Test
  void corruptAndTruncatedVideoFailsReadably() throws Exception {
    Path plain = MediaSamples.video(dir.resolve("plain.mp4"), "CUT", "320x240", 10, 30, null);
    Path fast = MediaSamples.convert(plain, dir.resolve("fast.mp4"), "-c", "copy", "-movflags", "+faststart");
    MediaSamples.truncated(plain, dir.resolve("cut.mp4"), Files.size(plain) / 3);
    MediaSamples.truncated(fast, dir.resolve("cutfast.mp4"), Files.size(fast) / 3);
    MediaSamples.corrupt(plain, dir.resolve("noise.mp4"), 64, 100_000);
    Map<String, String> expected =
        Map.of(
            "cut.mp4", "cannot read the media container",
            "cutfast.mp4", "the video is truncated or corrupt",
            "noise.mp4", "cannot read the media container");
    for (String name : expected.keySet()) {
      TaggingResult r = tagger.tag("/" + name);
      assertNotNull(r.error(), name + " was tagged: " + r.tags());
      assertEquals(1, r.error().lines().count(), name + ": " + r.error());
      assertTrue(r.error().startsWith(expected.get(name)), name + ": " + r.error());
      assertTrue(r.tags().isEmpty(), name);
    }
  }

  @Test
  void twentyMinuteVideoIsSampled() throws Exception {
    Path video = MediaSamples.video(dir.resolve("long.mp4"), "LONG", "160x120", 2, 1200, null);
    MediaInfo info = Ffmpeg.probe(video);
    assertEquals(1200, info.seconds(), 1);
    assertEquals(VideoExtractor.MAX_FRAMES, VideoExtractor.frames(video, info, Files.createTempDirectory(dir, "frames-")).size());
    long start = System.nanoTime();
    TaggingResult r = tagger.tag("/long.mp4");
    double seconds = (System.nanoTime() - start) / 1e9;
    assertNull(r.error());
    assertTrue(r.text().contains("1200.0 s"), r.text());
    assertFalse(AudioExtractorTest.hasSpeechTag(r), r.tags().toString());
    // Not a benchmark: the bound is the actor's per-file limit, which a full decode would approach.
    assertTrue(seconds < 120, "took " + seconds + " s");
  }
}
