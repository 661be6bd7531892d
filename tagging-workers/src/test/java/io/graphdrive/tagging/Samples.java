package io.graphdrive.tagging;

import java.awt.Color;
import java.awt.Font;
import java.awt.RenderingHints;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.commons.imaging.ImagingException;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Sample files the tests tag, made on the spot. */
final class Samples {
  static final String COOKING =
      "Preheat the oven to 180 degrees. Whisk the eggs with sugar, fold in the flour and melted butter, "
          + "then bake the sponge cake for 35 minutes until golden. Let the cake cool before icing it. "
          + "This recipe serves eight; the ingredients are flour, eggs, sugar, butter and vanilla.";

  static final List<String> LEASE =
      List.of(
          "Residential Lease Agreement",
          "This lease agreement is entered into by the Landlord and the Tenant.",
          "The Tenant shall pay the monthly rent of 950 EUR on the first day of each month.",
          "The security deposit is two months of rent and is returned at the end of the lease.",
          "The Landlord is responsible for repairs; the Tenant shall not sublet the apartment.",
          "This agreement is governed by the laws of the State and is signed by both parties.");

  static final List<String> SEGMENTATION =
      List.of(
          "Image analysis often starts with region-based segmentation,",
          "which splits a picture into regions of similar colour.",
          "Edge detection and thresholding are simpler methods.");

  static final List<String> CHINESE = List.of("图像分割是计算机视觉的基础", "深度学习模型识别文字");

  static final List<String> INVOICE =
      List.of(
          "INVOICE No. 2024-117",
          "Bill to: Northwind Traders, 12 Harbour Street",
          "Consulting services, 10 hours at 95.00 EUR",
          "Amount due: 950.00 EUR, payment terms 30 days");

  private Samples() {}

  /** Returns an English text of 1,000 characters, cooking for even numbers and a lease for odd ones, each different. */
  static String kilobyteText(int n) {
    StringBuilder text = new StringBuilder("Note " + n + ". ");
    while (text.length() < 1000) {
      text.append(n % 2 == 0 ? COOKING : String.join(" ", LEASE)).append(' ');
    }
    return text.substring(0, 1000);
  }

  /** Draws black lines of text on white in the given font (for example "DejaVu Sans"), one line per 1.6 font sizes. */
  static BufferedImage textImage(List<String> lines, String font, int size, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(new Font(font, Font.PLAIN, size));
    for (int i = 0; i < lines.size(); i++) {
      g.drawString(lines.get(i), size, (int) (size * (1.8 + 1.6 * i)));
    }
    g.dispose();
    return image;
  }

  /** Returns the image turned upside down. */
  static BufferedImage upsideDown(BufferedImage image) {
    BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.rotate(Math.PI, image.getWidth() / 2.0, image.getHeight() / 2.0);
    g.drawImage(image, 0, 0, null);
    g.dispose();
    return out;
  }

  /** Writes a PDF whose pages (of the given size) are the given pictures only, no text layer. */
  static void scannedPdf(Path file, List<BufferedImage> pages, PDRectangle size) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      for (BufferedImage picture : pages) {
        PDPage page = new PDPage(size);
        doc.addPage(page);
        PDImageXObject image = LosslessFactory.createFromImage(doc, picture);
        float w = size.getWidth() - 36;
        float h = w * picture.getHeight() / picture.getWidth();
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.drawImage(image, 18, size.getHeight() - 18 - h, w, h);
        }
      }
      doc.save(file.toFile());
    }
  }

  /** Writes a one-page PDF with the given lines and author. */
  static void pdf(Path file, List<String> lines, String author) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        cs.beginText();
        cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
        cs.setLeading(15);
        cs.newLineAtOffset(50, 720);
        for (String line : lines) {
          cs.showText(line);
          cs.newLine();
        }
        cs.endText();
      }
      doc.getDocumentInformation().setAuthor(author);
      doc.save(file.toFile());
    }
  }

  /** Writes a small JPEG whose EXIF data names a camera and a capture date. */
  static void jpeg(Path file, String make, String model, String dateTimeOriginal) throws IOException {
    BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, 64, 48);
    g.dispose();
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    ImageIO.write(image, "jpeg", plain);
    try {
      TiffOutputSet exif = new TiffOutputSet();
      exif.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_MAKE, make);
      exif.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_MODEL, model);
      exif.getOrCreateExifDirectory().add(ExifTagConstants.EXIF_TAG_DATE_TIME_ORIGINAL, dateTimeOriginal);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new ExifRewriter().updateExifMetadataLossless(plain.toByteArray(), out, exif);
      Files.write(file, out.toByteArray());
    } catch (ImagingException e) {
      throw new IOException(e);
    }
  }
}
