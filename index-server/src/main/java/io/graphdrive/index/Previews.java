package io.graphdrive.index;

import io.graphdrive.common.DrivePath;
import io.graphdrive.storage.FileStat;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Thumbnails of pictures (whatever ImageIO reads) and of PDFs (the first page), made with bounded memory
 * and kept on disk by content as {@code <sha256>-<size>.png}, the folder bounded in total bytes.
 */
final class Previews {
  /** The largest picture file previewed. */
  static final long MAX_PICTURE_BYTES = 64L << 20;
  /** The most pixels a previewed picture may have. */
  static final long MAX_PIXELS = 100_000_000L;
  /** The largest PDF previewed. */
  static final long MAX_PDF_BYTES = 256L << 20;
  // Each thumbnail in the making holds a decoded picture of about twice its size; two at once bound that.
  private final Semaphore making = new Semaphore(2);
  private final Path dir;
  private final long maxCacheBytes;

  /** Keeps thumbnails in {@code dir} (made if missing), at most {@code maxCacheBytes} bytes of them. */
  Previews(Path dir, long maxCacheBytes) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.maxCacheBytes = maxCacheBytes;
  }

  /** Answers {@code GET /files/preview?path=&size=} with a PNG whose longest side is at most {@code size}. */
  void answer(Exchange ex, Services s) throws IOException, InterruptedException {
    String path = ex.path("path");
    int size = ex.intParam("size", 256, 32, 1024);
    FileStat stat = s.storage().stat(path).filter(st -> !st.directory()).orElseThrow(() -> Api.notFound(path));
    Optional<Map<String, Object>> file = s.graph().file(path);
    String mime = file.map(f -> (String) f.get("mime")).orElse(StaticFiles.contentType(path));
    boolean pdf = mime.equals("application/pdf") || DrivePath.extension(path).equals("pdf");
    boolean picture = !pdf && (ImageIO.getImageReadersByMIMEType(mime).hasNext()
        || ImageIO.getImageReadersBySuffix(DrivePath.extension(path)).hasNext());
    if (!pdf && !picture) {
      throw new ApiError(404, "no preview", "files of type " + mime + " have no preview; open the file instead");
    }
    long bound = pdf ? MAX_PDF_BYTES : MAX_PICTURE_BYTES;
    if (stat.size() > bound) {
      throw unreadable("the file is larger than " + (bound >> 20) + " MB, the most a preview is made from");
    }
    String sha256 = trustedHash(file, stat).orElse(null);
    if (sha256 == null) {
      sha256 = hash(s, path);
    }
    String etag = "\"" + sha256 + "-" + size + "\"";
    if (etag.equals(ex.header(HttpHeader.IF_NONE_MATCH))) {
      cacheable(ex, etag);
      ex.empty(304);
      return;
    }
    Path thumbnail = dir.resolve(sha256 + "-" + size + ".png");
    byte[] png = kept(thumbnail);
    if (png == null) {
      making.acquire();
      try {
        png = encode(pdf ? renderPdf(s, path, size) : decodePicture(s, path, size));
      } finally {
        making.release();
      }
      keep(thumbnail, png);
    }
    // Only now: an error answer must not be kept by the browser for a day.
    cacheable(ex, etag);
    ex.send(200, "image/png", png);
  }

  /** Lets the browser keep the thumbnail a day, by its content tag. */
  private static void cacheable(Exchange ex, String etag) {
    ex.response().getHeaders().put(HttpHeader.ETAG, etag);
    ex.response().getHeaders().put(HttpHeader.CACHE_CONTROL, "private, max-age=86400");
    ex.response().getHeaders().put("X-Content-Type-Options", "nosniff");
  }

  /** Returns a kept thumbnail, marked as just used, or null; another server may sweep it away at any moment. */
  private static byte[] kept(Path thumbnail) throws IOException {
    try {
      byte[] png = Files.readAllBytes(thumbnail);
      Files.setLastModifiedTime(thumbnail, FileTime.fromMillis(System.currentTimeMillis()));
      return png;
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** Returns the graph's content hash when it surely describes the stored bytes: tagged, and of the same size. */
  private static Optional<String> trustedHash(Optional<Map<String, Object>> file, FileStat stat) {
    return file.filter(f -> "TAGGED".equals(f.get("status")) && f.get("sha256") != null
            && f.get("size") instanceof Number n && n.longValue() == stat.size())
        .map(f -> (String) f.get("sha256"));
  }

  /** Returns the SHA-256 of the stored bytes, read through once. */
  private static String hash(Services s, String path) throws IOException {
    try (InputStream in = new DigestInputStream(s.storage().openRead(path), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Decodes the picture subsampled, so that only about twice the thumbnail's pixels are ever held, and
   * scales it to fit {@code size}.
   */
  private static BufferedImage decodePicture(Services s, String path, int size) throws IOException {
    try (InputStream in = s.storage().openRead(path); ImageInputStream iis = ImageIO.createImageInputStream(in)) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
      if (!readers.hasNext()) {
        throw unreadable("the picture's format is unknown or the file is damaged");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(iis, true, true);
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        if (width * height > MAX_PIXELS) {
          throw unreadable("the picture has " + width + " x " + height + " pixels, more than the "
              + MAX_PIXELS / 1_000_000 + " million a preview is made from");
        }
        ImageReadParam param = reader.getDefaultReadParam();
        int step = (int) Math.max(1, Math.max(width, height) / size);
        param.setSourceSubsampling(step, step, 0, 0);
        return fit(reader.read(0, param), size);
      } catch (IOException | RuntimeException e) {
        if (e instanceof ApiError error) {
          throw error;
        }
        throw unreadable("the picture is damaged or truncated (" + e.getMessage() + ")");
      } finally {
        reader.dispose();
      }
    }
  }

  /** Renders the first page of the PDF, read from a scratch copy on disk so that memory stays bounded. */
  private BufferedImage renderPdf(Services s, String path, int size) throws IOException {
    Path copy = Files.createTempFile(dir, ".pdf-", ".tmp");
    try {
      try (InputStream in = s.storage().openRead(path)) {
        Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
      }
      try (PDDocument doc = Loader.loadPDF(copy.toFile(), IOUtils.createTempFileOnlyStreamCache())) {
        if (doc.getNumberOfPages() == 0) {
          throw unreadable("the PDF has no pages");
        }
        PDRectangle box = doc.getPage(0).getCropBox();
        float longest = Math.max(box.getWidth(), box.getHeight());
        if (!(longest > 0)) {
          throw unreadable("the PDF's first page has no size");
        }
        return fit(new PDFRenderer(doc).renderImage(0, Math.min(size / longest, 8f), ImageType.RGB), size);
      } catch (IOException | RuntimeException e) {
        if (e instanceof ApiError error) {
          throw error;
        }
        throw unreadable("the PDF is damaged, truncated or encrypted (" + e.getMessage() + ")");
      }
    } finally {
      Files.deleteIfExists(copy);
    }
  }

  /** Returns the image scaled down (never up) so that its longest side is at most {@code size}. */
  private static BufferedImage fit(BufferedImage image, int size) {
    double scale = Math.min(1.0, (double) size / Math.max(image.getWidth(), image.getHeight()));
    int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
    int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
    BufferedImage out = new BufferedImage(width, height,
        image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(image, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  /** Returns the image as PNG bytes. */
  private static byte[] encode(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  /** Stores a thumbnail (whole or not at all) and drops the least recently used ones past the bound. */
  private synchronized void keep(Path thumbnail, byte[] png) throws IOException {
    Path temp = Files.createTempFile(dir, ".thumb-", ".tmp");
    try {
      Files.write(temp, png);
      Files.move(temp, thumbnail, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    List<Path> kept = new ArrayList<>();
    long total = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".png"))::iterator) {
        kept.add(p);
        total += sizeOf(p);
      }
    }
    if (total <= maxCacheBytes) {
      return;
    }
    kept.sort(Comparator.comparing(Previews::modified));
    // Down to nine tenths, so that the next few thumbnails do not each start a sweep.
    for (Path p : kept) {
      if (total <= maxCacheBytes * 9 / 10) {
        break;
      }
      total -= sizeOf(p);
      Files.deleteIfExists(p);
    }
  }

  /** Returns a kept file's size, or 0 when another server just swept it away. */
  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }

  /** Returns when a kept file was last used, or the epoch when it is gone. */
  private static FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  /** Returns the 422 for a file that should have a preview but cannot be made into one. */
  private static ApiError unreadable(String detail) {
    return new ApiError(422, "no preview", detail);
  }
}
