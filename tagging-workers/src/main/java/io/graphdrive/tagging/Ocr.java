package io.graphdrive.tagging;

import java.awt.image.BufferedImage;

/** Reads the text in a picture, lines in reading order; one instance serves every thread. */
interface Ocr {
  /** Returns the text found in the image, lines separated by newlines; empty when there is none. */
  String read(BufferedImage image);

  /** Returns the name recorded as the model of OCR clues and tags. */
  String model();
}
