package io.graphdrive.tagging;

import io.graphdrive.common.TagSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The speech path shared by audio files and the sound of videos: decodes a bounded sample of the
 * first audio stream to 16 kHz mono, tells speech from music and other sound by its energy pattern
 * and by how many words the recognizer hears, and gives the transcript of speech as a clue.
 *
 * <p>Sound up to {@link #SEGMENTS} x {@link #SEGMENT_SECONDS} seconds (one minute) is decoded whole;
 * longer sound is sampled as {@link #SEGMENTS} pieces of {@link #SEGMENT_SECONDS} seconds spread
 * evenly over it, each reached by seeking. A minute of speech costs PocketSphinx about 25 s of CPU
 * here, which keeps a file well inside the tagging limit of 120 s on a busy machine.
 */
final class SpeechTrack {
  /** Pieces sampled from long sound. */
  static final int SEGMENTS = 4;
  /** Seconds in each sampled piece. */
  static final int SEGMENT_SECONDS = 15;
  /** Least low-energy ratio of speech (espeak-ng speech: 0.5; chords and noise: below 0.05). */
  static final double MIN_LOW_ENERGY_RATIO = 0.3;
  /** Fewest words heard per second of sound for speech (espeak-ng speech: about 3; chords: about 0.5). */
  static final double MIN_WORDS_PER_SECOND = 1.0;
  /** Least share of the asked-for sound that must decode; less means the file is truncated. */
  static final double MIN_DECODED_SHARE = 0.5;

  private static final Logger LOG = LoggerFactory.getLogger(SpeechTrack.class);

  private final SpeechRecognizer recognizer;

  SpeechTrack(SpeechRecognizer recognizer) {
    this.recognizer = recognizer;
  }

  /**
   * Returns the transcript of the file's first audio stream, {@code seconds} long (NaN when unknown),
   * as a speech clue, or nothing when the sound is not speech (or no recognizer is installed); throws
   * UnreadableException when the sound cannot be decoded or ends far before its header says.
   */
  Optional<Clue> read(Path file, double seconds) throws IOException {
    Path wav = Files.createTempFile("graphdrive-speech-", ".wav");
    try {
      List<Ffmpeg.Range> ranges = ranges(seconds);
      Ffmpeg.decodeAudio(file, ranges, wav);
      SoundProfile sound = SoundProfile.of(wav);
      double asked = ranges.stream().mapToDouble(Ffmpeg.Range::length).sum();
      if (MediaInfo.known(seconds) && sound.seconds() < MIN_DECODED_SHARE * asked) {
        throw new UnreadableException(String.format(Locale.ROOT,
            "the audio is truncated or corrupt: %.1f of %.1f seconds decode", sound.seconds(), asked));
      }
      if (!recognizer.available() || sound.lowEnergyRatio() < MIN_LOW_ENERGY_RATIO) {
        return Optional.empty();
      }
      String transcript = recognizer.transcribe(wav);
      int words = transcript.isBlank() ? 0 : transcript.strip().split("\\s+").length;
      LOG.debug("{}: {} words in {} s of sound, low-energy ratio {}", file, words, sound.soundSeconds(), sound.lowEnergyRatio());
      if (words < MIN_WORDS_PER_SECOND * sound.soundSeconds()) {
        return Optional.empty();
      }
      return Optional.of(Clue.of(TagSource.SPEECH, recognizer.model(), transcript));
    } finally {
      Files.deleteIfExists(wav);
    }
  }

  /** Returns the time ranges decoded from sound of the given length: all of short sound, evenly spread pieces of long sound. */
  static List<Ffmpeg.Range> ranges(double seconds) {
    double budget = SEGMENTS * SEGMENT_SECONDS;
    if (!MediaInfo.known(seconds) || seconds <= budget) {
      return List.of(new Ffmpeg.Range(0, MediaInfo.known(seconds) ? seconds : budget));
    }
    List<Ffmpeg.Range> ranges = new ArrayList<>();
    double step = seconds / SEGMENTS;
    for (int i = 0; i < SEGMENTS; i++) {
      ranges.add(new Ffmpeg.Range(i * step + (step - SEGMENT_SECONDS) / 2, SEGMENT_SECONDS));
    }
    return ranges;
  }
}
