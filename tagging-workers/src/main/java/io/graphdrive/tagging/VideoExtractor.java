package io.graphdrive.tagging;

import io.graphdrive.common.FileTrees;
import io.graphdrive.common.TagSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.tika.metadata.Metadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Videos: the container's facts (resolution, codecs, duration) as a metadata clue, a few frames
 * evenly spread over the video handed to the frame readers (the image extractors: OCR, the image
 * model), and the sound through the same speech path as audio files. Bounded for any size: each
 * frame is reached by seeking, at most {@link #MAX_FRAMES}, scaled to at most {@link #MAX_SIDE}
 * pixels a side; the sound is sampled as {@link SpeechTrack} does.
 */
final class VideoExtractor implements ModalityExtractor {
  /** Most frames taken from one video. */
  static final int MAX_FRAMES = 6;
  /** Seconds of video per frame taken, below {@link #MAX_FRAMES} frames. */
  static final int SECONDS_PER_FRAME = 10;
  /** Longest side of a frame handed to the readers, in pixels (enough for OCR of captions and slides). */
  static final int MAX_SIDE = 1280;
  /** Name recorded as the model of the container clue. */
  static final String MODEL = "ffprobe";

  private static final Logger LOG = LoggerFactory.getLogger(VideoExtractor.class);

  private final SpeechTrack speech;
  private final List<ModalityExtractor> frameReaders;

  /** Takes the speech path and the extractors that read a frame given as a PNG file. */
  VideoExtractor(SpeechTrack speech, List<ModalityExtractor> frameReaders) {
    this.speech = speech;
    this.frameReaders = List.copyOf(frameReaders);
  }

  @Override
  public boolean accepts(Extraction tika) {
    return tika.mime().startsWith("video/") && Ffmpeg.available();
  }

  @Override
  public Findings extract(Path file, Extraction tika) throws IOException {
    MediaInfo info = Ffmpeg.probe(file);
    if (info.video().isEmpty()) {
      throw new UnreadableException("the file holds no video stream");
    }
    // Clues are kept once: a still picture gives the same OCR text on every frame.
    Set<Clue> clues = new LinkedHashSet<>();
    List<float[]> imageVectors = new ArrayList<>();
    clues.add(Clue.of(TagSource.META, MODEL, info.describe()));
    Path dir = Files.createTempDirectory("graphdrive-frames-");
    try {
      for (Path frame : frames(file, info, dir)) {
        Extraction asImage = Extraction.ofText(frame.toString(), "image/png", new Metadata(), "", "", Files.size(frame), null);
        for (ModalityExtractor reader : frameReaders) {
          if (reader.accepts(asImage)) {
            Findings f = read(reader, frame, asImage);
            clues.addAll(f.clues());
            imageVectors.addAll(f.imageVectors());
          }
        }
      }
    } finally {
      FileTrees.delete(dir);
    }
    if (info.audio().isPresent()) {
      speech.read(file, info.audioSeconds()).ifPresent(clues::add);
    }
    return new Findings(new ArrayList<>(clues), imageVectors);
  }

  /**
   * Writes up to {@link #MAX_FRAMES} frames, evenly spread over the video, as PNG files in the folder
   * and returns them in time order; throws UnreadableException when fewer than half of them decode
   * (the file is truncated or corrupt).
   */
  static List<Path> frames(Path file, MediaInfo info, Path dir) throws IOException {
    int count = info.hasDuration() ? (int) Math.max(1, Math.min(MAX_FRAMES, Math.round(info.seconds() / SECONDS_PER_FRAME))) : 1;
    List<Path> frames = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double at = info.hasDuration() ? info.seconds() * (i + 0.5) / count : 0;
      Path png = dir.resolve(String.format("frame-%02d.png", i));
      if (Ffmpeg.frame(file, at, MAX_SIDE, png)) {
        frames.add(png);
      }
    }
    if (frames.size() * 2 < count || frames.isEmpty()) {
      throw new UnreadableException("the video is truncated or corrupt: " + frames.size() + " of " + count + " frames decode");
    }
    return frames;
  }

  private static Findings read(ModalityExtractor reader, Path frame, Extraction asImage) throws IOException {
    try {
      return reader.extract(frame, asImage);
    } catch (UnreadableException e) {
      // The frame is ffmpeg's own PNG: a reader that cannot read it says nothing about the video.
      LOG.warn("{} cannot read a frame: {}", reader.getClass().getSimpleName(), e.getMessage());
      return Findings.NONE;
    }
  }
}
