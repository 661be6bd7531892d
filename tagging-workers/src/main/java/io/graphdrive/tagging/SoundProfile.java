package io.graphdrive.tagging;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * The energy pattern of a 16 kHz mono 16-bit WAV file, in 20 ms frames: how many seconds carry sound,
 * and the low-energy ratio (Scheirer and Slaney's speech/music feature): in each second of sound, the
 * share of frames below half that second's mean energy, averaged. Speech pauses between syllables
 * and words (espeak-ng: about 0.5); sustained music and noise hardly ever do (below 0.05).
 */
record SoundProfile(double seconds, double soundSeconds, double lowEnergyRatio) {
  private static final int FRAME_SAMPLES = Ffmpeg.SAMPLE_RATE / 50;
  private static final int FRAMES_PER_WINDOW = 50;
  /** Frames quieter than this mean square (about -60 dBFS) count as silence. */
  private static final double SILENT_ENERGY = 32.0 * 32.0;

  /** Reads the WAV file, streaming, frame by frame. */
  static SoundProfile of(Path wav) throws IOException {
    List<Double> energies = new ArrayList<>();
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(wav));
        AudioInputStream in = AudioSystem.getAudioInputStream(raw)) {
      byte[] frame = new byte[FRAME_SAMPLES * 2];
      while (in.readNBytes(frame, 0, frame.length) == frame.length) {
        double sum = 0;
        for (int i = 0; i < frame.length; i += 2) {
          int sample = (short) ((frame[i] & 0xff) | (frame[i + 1] << 8));
          sum += (double) sample * sample;
        }
        energies.add(sum / FRAME_SAMPLES);
      }
    } catch (UnsupportedAudioFileException e) {
      throw new IOException("the decoded audio is not a WAV file: " + e.getMessage(), e);
    }
    return of(energies);
  }

  private static SoundProfile of(List<Double> energies) {
    double seconds = energies.size() / (double) (Ffmpeg.SAMPLE_RATE / FRAME_SAMPLES);
    long sound = energies.stream().filter(e -> e > SILENT_ENERGY).count();
    double ratioSum = 0;
    int windows = 0;
    for (int start = 0; start + FRAMES_PER_WINDOW <= energies.size(); start += FRAMES_PER_WINDOW) {
      List<Double> w = energies.subList(start, start + FRAMES_PER_WINDOW);
      if (w.stream().filter(e -> e > SILENT_ENERGY).count() * 2 < FRAMES_PER_WINDOW) {
        continue; // a mostly silent second says nothing about the kind of sound
      }
      double mean = w.stream().mapToDouble(Double::doubleValue).average().orElse(0);
      ratioSum += w.stream().filter(e -> e < mean / 2).count() / (double) FRAMES_PER_WINDOW;
      windows++;
    }
    return new SoundProfile(seconds, sound * FRAME_SAMPLES / (double) Ffmpeg.SAMPLE_RATE, windows == 0 ? 0 : ratioSum / windows);
  }
}
