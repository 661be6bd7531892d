package io.graphdrive.tagging;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What ffprobe reads from a media container's headers: its duration (NaN when unknown) and its streams. */
record MediaInfo(double seconds, List<Stream> streams) {
  /** One stream: its type (audio, video, subtitle, …), codec, picture size (0 for sound) and duration (NaN when unknown). */
  record Stream(String type, String codec, int width, int height, boolean coverArt, double seconds) {}

  MediaInfo {
    streams = List.copyOf(streams);
  }

  /** Returns the first video stream that is not a still cover picture. */
  Optional<Stream> video() {
    return streams.stream().filter(s -> s.type().equals("video") && !s.coverArt()).findFirst();
  }

  /** Returns the first audio stream. */
  Optional<Stream> audio() {
    return streams.stream().filter(s -> s.type().equals("audio")).findFirst();
  }

  /** Returns whether the duration is known. */
  boolean hasDuration() {
    return known(seconds);
  }

  /** Returns the first audio stream's duration, else the container's (NaN when neither is known): a video's sound may stop early. */
  double audioSeconds() {
    return audio().map(Stream::seconds).filter(MediaInfo::known).orElse(seconds);
  }

  /** Returns whether a duration is known. */
  static boolean known(double seconds) {
    return !Double.isNaN(seconds) && seconds > 0;
  }

  /** Returns the facts worth keeping as text, for example "video 320x240 h264, audio aac, 10.0 s". */
  String describe() {
    StringBuilder sb = new StringBuilder();
    video().ifPresent(v -> sb.append("video ").append(v.width()).append('x').append(v.height()).append(' ').append(v.codec()));
    audio().ifPresent(a -> sb.append(sb.length() > 0 ? ", " : "").append("audio ").append(a.codec()));
    if (hasDuration()) {
      sb.append(sb.length() > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.1f s", seconds));
    }
    return sb.toString();
  }
}
