package io.graphdrive.tagging;

import io.graphdrive.common.TagSource;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.tika.metadata.PagedText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads scanned PDFs: the pages without a text layer are rendered (bounded resolution) and read with
 * OCR, at most {@link #MAX_PAGES} of them, evenly spaced through the document when there are more, and
 * no more once its time budget has passed (what was read is kept).
 */
final class ScannedPdfExtractor implements ModalityExtractor {
  /** Most pages read with OCR per document: at 1 to 4 s a page on one core, within the per-file timeout. */
  static final int MAX_PAGES = 20;
  /** Time for OCR per document after which no further page is started. */
  static final Duration BUDGET = Duration.ofSeconds(60);
  /** Resolution pages are rendered at, unless that passes {@link #MAX_PAGE_PIXELS}. */
  static final float DPI = 150;
  /** Most pixels rendered per page (an A4 page at 150 dpi has 2.2 million). */
  static final long MAX_PAGE_PIXELS = 4_000_000L;
  /**
   * Below this many characters of Tika text per page on average a PDF is looked at page by page; above
   * it the PDF counts as born digital and is not rendered.
   */
  static final int SCANNED_CHARS_PER_PAGE = 100;
  /** A page with fewer characters than this in its text layer has none worth the name. */
  static final int TEXT_LAYER_CHARS = 20;

  private static final Logger LOG = LoggerFactory.getLogger(ScannedPdfExtractor.class);

  private final Supplier<Ocr> ocr;
  private final Duration budget;

  /** Takes the OCR from a supplier, so it loads on the first scanned page, and the time budget per document. */
  ScannedPdfExtractor(Supplier<Ocr> ocr, Duration budget) {
    this.ocr = ocr;
    this.budget = budget;
  }

  @Override
  public boolean accepts(Extraction tika) {
    if (!"application/pdf".equals(tika.mime())) {
      return false;
    }
    String pages = tika.metadata().get(PagedText.N_PAGES);
    long count = pages == null || !pages.matches("\\d{1,9}") ? 1 : Math.max(1, Long.parseLong(pages));
    return tika.text(TagSource.TEXT).strip().length() < SCANNED_CHARS_PER_PAGE * count;
  }

  @Override
  public Findings extract(Path file, Extraction tika) throws IOException {
    Ocr o = ocr.get();
    StringBuilder text = new StringBuilder();
    // Parsed streams are cached in a temp file, not the heap.
    try (PDDocument doc = Loader.loadPDF(file.toFile(), IOUtils.createTempFileOnlyStreamCache())) {
      PDFRenderer renderer = new PDFRenderer(doc);
      long deadline = System.nanoTime() + budget.toNanos();
      for (int page : spread(pagesWithoutText(doc), MAX_PAGES)) {
        if (System.nanoTime() > deadline) {
          LOG.info("{}: OCR stopped after {} s, before page {}", tika.path(), budget.toSeconds(), page + 1);
          break;
        }
        String pageText = o.read(render(renderer, doc.getPage(page), page)).strip();
        if (!pageText.isEmpty()) {
          text.append(text.length() == 0 ? "" : "\n\n").append(pageText);
        }
      }
    } catch (InvalidPasswordException e) {
      throw new UnreadableException("the file is encrypted", e);
    } catch (IOException | RuntimeException e) {
      throw new UnreadableException("cannot render the PDF's pages: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
    return text.length() == 0 ? Findings.NONE : Findings.of(Clue.of(TagSource.OCR, o.model(), text.toString()));
  }

  /** Renders a page at {@link #DPI}, or lower where that would pass {@link #MAX_PAGE_PIXELS}. */
  private static BufferedImage render(PDFRenderer renderer, PDPage page, int index) throws IOException {
    PDRectangle box = page.getCropBox();
    double points = Math.max(1, (double) box.getWidth() * box.getHeight());
    double scale = Math.min(DPI / 72.0, Math.sqrt(MAX_PAGE_PIXELS / points));
    return renderer.renderImage(index, (float) scale, ImageType.RGB);
  }

  /** Returns the indexes of the pages whose text layer has fewer than {@link #TEXT_LAYER_CHARS} characters. */
  private static List<Integer> pagesWithoutText(PDDocument doc) throws IOException {
    int[] chars = new int[doc.getNumberOfPages()];
    PDFTextStripper stripper =
        new PDFTextStripper() {
          @Override
          protected void writeString(String s) {
            chars[getCurrentPageNo() - 1] += s.strip().length();
          }
        };
    stripper.writeText(doc, Writer.nullWriter());
    List<Integer> pages = new ArrayList<>();
    for (int i = 0; i < chars.length; i++) {
      if (chars[i] < TEXT_LAYER_CHARS) {
        pages.add(i);
      }
    }
    return pages;
  }

  /** Returns at most {@code max} of the items, evenly spaced, in order. */
  private static List<Integer> spread(List<Integer> items, int max) {
    if (items.size() <= max) {
      return items;
    }
    List<Integer> picked = new ArrayList<>(max);
    for (int i = 0; i < max; i++) {
      picked.add(items.get((int) ((long) i * items.size() / max)));
    }
    return picked;
  }
}
