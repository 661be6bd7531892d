package io.graphdrive.tagging;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes images with Java's ImageIO readers, bounded: a picture larger than the pixel budget is
 * subsampled while it is read, so a huge scan never needs its full size in memory.
 */
final class Images {
  /** Most pixels decoded per image (16 megapixels). */
  static final long MAX_PIXELS = 16_000_000L;

  private Images() {}

  /** Returns whether some installed ImageIO reader reads files of this MIME type. */
  static boolean readable(String mime) {
    return ImageIO.getImageReadersByMIMEType(mime).hasNext();
  }

  /**
   * Reads the first frame of an image, subsampled to at most {@code maxPixels}; throws
   * UnreadableException when no reader knows the format or the data is corrupt or truncated (a
   * reader's warning counts as that).
   */
  static BufferedImage read(Path file, long maxPixels) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      if (in == null) {
        throw new IOException("cannot open " + file);
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new UnreadableException("the image format is not readable");
      }
      ImageReader reader = readers.next();
      try {
        // A truncated JPEG only warns ("Premature end of JPEG file") and decodes grey to the end.
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        reader.setInput(in, true, true);
        long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
        ImageReadParam param = reader.getDefaultReadParam();
        int step = (int) Math.ceil(Math.sqrt((double) pixels / maxPixels));
        if (step > 1) {
          param.setSourceSubsampling(step, step, 0, 0);
        }
        BufferedImage image = reader.read(0, param);
        if (!warnings.isEmpty()) {
          throw new UnreadableException("the image is truncated or corrupt: " + warnings.get(0));
        }
        return image;
      } catch (UnreadableException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        throw new UnreadableException("cannot decode the image: " + message(e), e);
      } finally {
        reader.dispose();
      }
    }
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
