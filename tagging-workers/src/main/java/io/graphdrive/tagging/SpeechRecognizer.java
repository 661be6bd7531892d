package io.graphdrive.tagging;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Turns speech into words; one instance serves every thread. {@link Models#speech()} picks the
 * implementation, so a better recognizer (Vosk, Whisper) plugs in there once its model is fetched.
 */
interface SpeechRecognizer {
  /** Returns the words heard in a 16 kHz mono 16-bit WAV file, one utterance a line; empty when none. */
  String transcribe(Path wav16kMono) throws IOException;

  /** Returns the name recorded as the model of speech clues and tags. */
  String model();

  /** Returns whether the recognizer can run here (its program and model are installed). */
  boolean available();
}
