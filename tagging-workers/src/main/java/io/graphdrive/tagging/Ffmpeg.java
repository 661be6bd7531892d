package io.graphdrive.tagging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Debian's ffprobe and ffmpeg, run on a file's local copy: headers, a bounded sample of the sound as
 * 16 kHz mono WAV, single frames as PNG. Every call seeks ({@code -ss} before {@code -i}) and bounds
 * what it decodes, so a 1 GB video costs a few seconds, never a full decode.
 */
final class Ffmpeg {
  /** Sample rate of decoded sound, the one speech models take. */
  static final int SAMPLE_RATE = 16_000;

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration FRAME_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration AUDIO_TIMEOUT = Duration.ofSeconds(120);

  private Ffmpeg() {}

  /** Returns whether ffmpeg and ffprobe are installed. */
  static boolean available() {
    return Programs.onPath("ffmpeg") && Programs.onPath("ffprobe");
  }

  /** Reads the container's headers; throws UnreadableException when ffprobe cannot open the file. */
  static MediaInfo probe(Path file) throws IOException {
    Processes.Result r =
        Processes.run(
            List.of("ffprobe", "-v", "error", "-show_entries",
                "format=duration:stream=codec_type,codec_name,width,height,duration:stream_disposition=attached_pic",
                "-of", "compact", "file:" + file),
            PROBE_TIMEOUT);
    if (r.exitCode() != 0) {
      throw new UnreadableException("cannot read the media container: " + ffmpegReason(r));
    }
    double seconds = Double.NaN;
    List<MediaInfo.Stream> streams = new ArrayList<>();
    for (String line : r.stdout().lines().toList()) {
      Map<String, String> f = fields(line);
      if (line.startsWith("format|")) {
        seconds = number(f.get("duration"));
      } else if (line.startsWith("stream|")) {
        streams.add(
            new MediaInfo.Stream(
                f.getOrDefault("codec_type", "unknown"),
                f.getOrDefault("codec_name", "unknown"),
                (int) number(f.get("width"), 0),
                (int) number(f.get("height"), 0),
                "1".equals(f.get("disposition:attached_pic")),
                number(f.get("duration"))));
      }
    }
    return new MediaInfo(seconds, streams);
  }

  /**
   * Decodes the first audio stream's given time ranges, back to back, into one 16 kHz mono 16-bit WAV
   * file; throws UnreadableException when ffmpeg cannot decode them (more than its default share of
   * bad frames, or no audio at all).
   */
  static void decodeAudio(Path file, List<Range> ranges, Path wav) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error"));
    StringBuilder inputs = new StringBuilder();
    for (int i = 0; i < ranges.size(); i++) {
      Range r = ranges.get(i);
      cmd.addAll(List.of("-ss", seconds(r.start()), "-t", seconds(r.length()), "-i", "file:" + file));
      inputs.append('[').append(i).append(":a:0]");
    }
    cmd.addAll(List.of(
        "-filter_complex", inputs + "concat=n=" + ranges.size() + ":v=0:a=1[a]", "-map", "[a]",
        "-ar", Integer.toString(SAMPLE_RATE), "-ac", "1", "-c:a", "pcm_s16le", "-f", "wav", "-y", wav.toString()));
    Processes.Result r = Processes.run(cmd, AUDIO_TIMEOUT);
    if (r.exitCode() != 0 || !Files.exists(wav)) {
      throw new UnreadableException("cannot decode the audio: " + ffmpegReason(r));
    }
  }

  /**
   * Decodes the video frame at the given second, scaled down to fit a square of {@code maxSide}
   * pixels (never up), into a PNG; returns false when no frame could be decoded there.
   */
  static boolean frame(Path file, double at, int maxSide, Path png) throws IOException {
    String fit = "scale='min(iw," + maxSide + ")':'min(ih," + maxSide + ")':force_original_aspect_ratio=decrease";
    Processes.Result r =
        Processes.run(
            List.of("ffmpeg", "-nostdin", "-v", "error", "-ss", seconds(at), "-i", "file:" + file,
                "-map", "0:v:0", "-an", "-sn", "-frames:v", "1", "-vf", fit, "-y", png.toString()),
            FRAME_TIMEOUT);
    return r.exitCode() == 0 && Files.exists(png) && Files.size(png) > 0;
  }

  /** A time range of a stream, in seconds. */
  record Range(double start, double length) {}

  private static String ffmpegReason(Processes.Result r) {
    // ffmpeg prefixes its lines with "[demuxer @ 0x...]" and names the file; neither helps a user.
    String reason = r.reason().replaceFirst("^\\[[^]]*] *", "").replace("file:", "");
    int colon = reason.indexOf(": ");
    return reason.startsWith("/") && colon > 0 ? reason.substring(colon + 2) : reason;
  }

  private static Map<String, String> fields(String line) {
    Map<String, String> f = new HashMap<>();
    for (String part : line.split("\\|")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        f.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return f;
  }

  private static double number(String value) {
    return number(value, Double.NaN);
  }

  private static double number(String value, double otherwise) {
    try {
      return value == null ? otherwise : Double.parseDouble(value);
    } catch (NumberFormatException e) {
      return otherwise; // ffprobe writes "N/A" for unknown values
    }
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.3f", s);
  }
}
