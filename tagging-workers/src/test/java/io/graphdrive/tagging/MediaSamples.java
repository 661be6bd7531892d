package io.graphdrive.tagging;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Audio and video files the media tests tag, made on the spot with espeak-ng and ffmpeg. */
final class MediaSamples {
  /** Two sentences spoken by espeak-ng in the tests. */
  static final String SPEECH =
      "the music concert was held in the city hall. the region based segmentation of medical images uses graph cuts.";
  /** The content words of {@link #SPEECH}. */
  static final List<String> CONTENT_WORDS =
      List.of("music", "concert", "held", "city", "hall", "region", "based", "segmentation", "medical", "images", "graph", "cuts");
  /** The espeak-ng voice: of the en-us variants tried, PocketSphinx hears this one best (3 of 12 content words). */
  static final String VOICE = "en-us+f2";

  private static final Duration LIMIT = Duration.ofMinutes(2);

  private MediaSamples() {}

  /** Speaks the text into a WAV file. */
  static Path speech(Path wav, String text) throws IOException {
    return run(wav, "espeak-ng", "-v", VOICE, "-w", wav.toString(), text);
  }

  /** Converts a media file to the output's format (chosen by its extension), with extra output options. */
  static Path convert(Path in, Path out, String... options) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", in.toString()));
    cmd.addAll(List.of(options));
    cmd.add(out.toString());
    return run(out, cmd.toArray(String[]::new));
  }

  /** Writes music-like sound: three-note chords changing twice a second, held (no pauses). */
  static Path chords(Path out, int seconds) throws IOException {
    String expr = "0.3*sin(2*PI*(220+110*floor(mod(t,4)))*t)+0.2*sin(2*PI*(277+55*floor(mod(t*2,4)))*t)+0.2*sin(2*PI*330*t)";
    return lavfi(out, "aevalsrc='" + expr + "':s=44100:d=" + seconds);
  }

  /** Writes plucked chords: a C major chord struck twice a second, each stroke fading (energy dips like speech). */
  static Path plucked(Path out, int seconds) throws IOException {
    String expr = "(0.4*sin(2*PI*261.6*t)+0.3*sin(2*PI*329.6*t)+0.3*sin(2*PI*392*t))*exp(-3*mod(t,0.5))";
    return lavfi(out, "aevalsrc='" + expr + "':s=44100:d=" + seconds);
  }

  /** Writes pink noise of the given length at 8 kHz, quick to make even for half an hour. */
  static Path noise(Path out, int seconds) throws IOException {
    return run(out, "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
        "anoisesrc=d=" + seconds + ":c=pink:a=0.2:r=8000", "-b:a", "16k", out.toString());
  }

  /**
   * Writes an H.264 MP4 of a still picture with the caption drawn on it (DejaVu Sans), at the given
   * size and frame rate, with the audio file looped as its sound, or a 440 Hz tone when audio is null.
   */
  static Path video(Path out, String caption, String size, int fps, int seconds, Path audio) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
        "color=c=white:s=" + size + ":r=" + fps + ":d=" + seconds
            + ",drawtext=fontfile=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:text='" + caption
            + "':fontsize=h/8:fontcolor=black:x=(w-text_w)/2:y=(h-text_h)/2"));
    if (audio == null) {
      cmd.addAll(List.of("-f", "lavfi", "-i", "sine=f=440:r=8000:d=" + seconds));
    } else {
      cmd.addAll(List.of("-stream_loop", "-1", "-i", audio.toString()));
    }
    cmd.addAll(List.of("-t", Integer.toString(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "32k", out.toString()));
    return run(out, cmd.toArray(String[]::new));
  }

  /** Copies the first bytes of a file: a truncated file. */
  static Path truncated(Path in, Path out, long bytes) throws IOException {
    try (var s = Files.newInputStream(in)) {
      Files.write(out, s.readNBytes((int) bytes));
    }
    return out;
  }

  /** Copies the first bytes of a file and appends random bytes: a corrupt file whose type still shows. */
  static Path corrupt(Path in, Path out, int keep, int garbage) throws IOException {
    byte[] noise = new byte[garbage];
    new Random(7).nextBytes(noise);
    truncated(in, out, keep);
    try (OutputStream o = Files.newOutputStream(out, java.nio.file.StandardOpenOption.APPEND)) {
      o.write(noise);
    }
    return out;
  }

  private static Path lavfi(Path out, String source) throws IOException {
    return run(out, "ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", source, out.toString());
  }

  private static Path run(Path out, String... command) throws IOException {
    Processes.Result r = Processes.run(List.of(command), LIMIT);
    if (r.exitCode() != 0) {
      throw new IOException(command[0] + " failed: " + r.stderr());
    }
    return out;
  }
}
