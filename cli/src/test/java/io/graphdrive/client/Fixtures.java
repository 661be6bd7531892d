package io.graphdrive.client;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Makes the sample files the end-to-end tests put into the drive: real PDFs (with a text layer, or
 * pages that are only pictures), JPEGs with EXIF, pictures of text, Word and OpenDocument files, and
 * speech and video made by Debian's espeak-ng and ffmpeg.
 */
final class Fixtures {
  private Fixtures() {}

  /** Returns a white picture with the lines drawn in black, as a photographed or scanned page looks. */
  static BufferedImage textPicture(String font, int size, String... lines) {
    int width = 1400;
    BufferedImage image = new BufferedImage(width, 80 + lines.length * size * 2, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setColor(Color.BLACK);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(new Font(font, Font.PLAIN, size));
    for (int i = 0; i < lines.length; i++) {
      g.drawString(lines[i], 40, 60 + i * size * 2);
    }
    g.dispose();
    return image;
  }

  /** Writes a picture in a format ImageIO writes ("png", "jpg"). */
  static Path picture(Path file, String format, BufferedImage image) throws IOException {
    ImageIO.write(image, format, file.toFile());
    return file;
  }

  /** Writes a PDF whose one page is only a picture, with no text layer: a scan. */
  static Path scannedPdf(Path file, BufferedImage page) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PDPage p = new PDPage(PDRectangle.A4);
      doc.addPage(p);
      PDImageXObject image = LosslessFactory.createFromImage(doc, page);
      float width = PDRectangle.A4.getWidth() - 40;
      float height = width * page.getHeight() / page.getWidth();
      try (PDPageContentStream content = new PDPageContentStream(doc, p)) {
        content.drawImage(image, 20, PDRectangle.A4.getHeight() - 20 - height, width, height);
      }
      doc.save(file.toFile());
    }
    return file;
  }

  /** Writes a minimal Word (.docx) document holding the paragraphs. */
  static Path docx(Path file, String... paragraphs) throws IOException {
    StringBuilder body = new StringBuilder();
    for (String p : paragraphs) {
      body.append("<w:p><w:r><w:t>").append(p).append("</w:t></w:r></w:p>");
    }
    return zip(file, null, Map.of(
        "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/"
            + "package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package."
            + "relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/"
            + "document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
            + "</Types>",
        "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/"
            + "package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
            + "2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>",
        "word/document.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats"
            + ".org/wordprocessingml/2006/main\"><w:body>" + body + "</w:body></w:document>"));
  }

  /** Writes a minimal OpenDocument text (.odt) holding the paragraphs. */
  static Path odt(Path file, String... paragraphs) throws IOException {
    StringBuilder body = new StringBuilder();
    for (String p : paragraphs) {
      body.append("<text:p>").append(p).append("</text:p>");
    }
    return zip(file, "application/vnd.oasis.opendocument.text", Map.of(
        "META-INF/manifest.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest xmlns:manifest=\"urn:oasis:"
            + "names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\"><manifest:file-entry manifest:full-path=\"/\" "
            + "manifest:media-type=\"application/vnd.oasis.opendocument.text\"/><manifest:file-entry manifest:full-path=\""
            + "content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>",
        "content.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:"
            + "opendocument:xmlns:office:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version="
            + "\"1.2\"><office:body><office:text>" + body + "</office:text></office:body></office:document-content>"));
  }

  private static Path zip(Path file, String mimetype, Map<String, String> entries) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      if (mimetype != null) {
        // OpenDocument wants its type first and stored uncompressed.
        byte[] bytes = mimetype.getBytes(StandardCharsets.US_ASCII);
        ZipEntry entry = new ZipEntry("mimetype");
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
      }
      for (Map.Entry<String, String> e : new TreeMap<>(entries).entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return file;
  }

  /** Speaks the text with espeak-ng into a WAV file. */
  static Path speech(Path wav, String text) throws Exception {
    run("espeak-ng", "-v", "en-us+f2", "-w", wav.toString(), text);
    return wav;
  }

  /** Converts media with ffmpeg (e.g. WAV to MP3 or M4A), quietly. */
  static Path ffmpeg(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y"));
    command.addAll(List.of(args));
    run(command.toArray(String[]::new));
    return Path.of(args[args.length - 1]);
  }

  /** Makes an MP4 of a still picture shown while the audio plays: a short screen recording with speech. */
  static Path video(Path mp4, Path picture, Path audio) throws Exception {
    return ffmpeg("-loop", "1", "-i", picture.toString(), "-i", audio.toString(), "-c:v", "libx264", "-preset",
        "ultrafast", "-tune", "stillimage", "-pix_fmt", "yuv420p", "-vf", "scale=trunc(iw/2)*2:trunc(ih/2)*2",
        "-c:a", "aac", "-shortest", mp4.toString());
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
  }

  /** Writes a PDF whose pages carry the given lines of text. */
  static Path pdf(Path file, String... lines) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      try (PDPageContentStream text = new PDPageContentStream(doc, page)) {
        text.beginText();
        text.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
        text.newLineAtOffset(50, 720);
        for (String line : lines) {
          text.showText(line);
          text.newLineAtOffset(0, -15);
        }
        text.endText();
      }
      doc.getDocumentInformation().setAuthor("Ada Lovelace");
      doc.save(file.toFile());
    }
    return file;
  }

  /** Writes a small JPEG photo whose EXIF names a camera make and model. */
  static Path jpegWithExif(Path file, String make, String model) throws Exception {
    BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(30, 120, 200));
    g.fillRect(0, 0, 64, 48);
    g.setColor(Color.YELLOW);
    g.fillOval(20, 10, 20, 20);
    g.dispose();
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    ImageIO.write(image, "jpg", plain);
    TiffOutputSet exif = new TiffOutputSet();
    TiffOutputDirectory root = exif.getOrCreateRootDirectory();
    root.add(TiffTagConstants.TIFF_TAG_MAKE, make);
    root.add(TiffTagConstants.TIFF_TAG_MODEL, model);
    root.add(TiffTagConstants.TIFF_TAG_DATE_TIME, "2021:07:14 10:30:00");
    try (OutputStream out = Files.newOutputStream(file)) {
      new ExifRewriter().updateExifMetadataLossless(plain.toByteArray(), out, exif);
    }
    return file;
  }
}
