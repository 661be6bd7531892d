package io.graphdrive.client;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Makes the sample files the end-to-end tests put into the drive: real PDF, real JPEG with EXIF. */
final class Fixtures {
  private Fixtures() {}

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
