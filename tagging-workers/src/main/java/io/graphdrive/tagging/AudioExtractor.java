package io.graphdrive.tagging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Speech in audio files (WAV, MP3, M4A/AAC, OGG, FLAC, anything ffmpeg decodes): the transcript of a
 * bounded sample becomes a speech clue; music and other sound keep only their metadata tags.
 */
final class AudioExtractor implements ModalityExtractor {
  private static final Set<String> WAV = Set.of("audio/vnd.wave", "audio/x-wav", "audio/wav", "audio/wave");
  private static final int RIFF_HEADER_BYTES = 12;
  // Writers that stream a WAV file put the largest size (or 0) in its header; such a size promises nothing.
  private static final long UNKNOWN_WAV_SIZE = 0xFFFF_0000L;

  private final SpeechTrack speech;

  AudioExtractor(SpeechTrack speech) {
    this.speech = speech;
  }

  @Override
  public boolean accepts(Extraction tika) {
    return tika.mime().startsWith("audio/") && Ffmpeg.available();
  }

  @Override
  public Findings extract(Path file, Extraction tika) throws IOException {
    MediaInfo info = Ffmpeg.probe(file);
    if (info.audio().isEmpty()) {
      throw new UnreadableException("the file holds no audio stream");
    }
    if (WAV.contains(tika.mime())) {
      checkWavComplete(file);
    }
    return speech.read(file, info.audioSeconds()).map(Findings::of).orElse(Findings.NONE);
  }

  /**
   * Throws UnreadableException when a WAV file is shorter than its RIFF header says (ffmpeg would just
   * stop early, and its duration is then estimated from the size, so the sampling cannot tell).
   */
  private static void checkWavComplete(Path file) throws IOException {
    byte[] header = new byte[RIFF_HEADER_BYTES];
    try (InputStream in = Files.newInputStream(file)) {
      if (in.readNBytes(header, 0, header.length) < header.length
          || !new String(header, 0, 4, StandardCharsets.US_ASCII).equals("RIFF")) {
        return; // not RIFF (for example RF64): ffmpeg alone judges it
      }
    }
    long promised = (ByteBuffer.wrap(header, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFF_FFFFL) + 8;
    long held = Files.size(file);
    if (promised < UNKNOWN_WAV_SIZE && held < promised) {
      throw new UnreadableException(String.format(Locale.ROOT,
          "the WAV file is truncated: it holds %d of the %d bytes its header promises", held, promised));
    }
  }
}
