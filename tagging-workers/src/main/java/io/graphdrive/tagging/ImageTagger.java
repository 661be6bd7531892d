package io.graphdrive.tagging;

import io.graphdrive.common.Tag;
import io.graphdrive.common.TagSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Zero-shot image tags: the file's image embedding (mean of its pictures) against every vocabulary
 * tag's prompt embedding, as CLIP classifies: cosines times {@link #LOGIT_SCALE}, softmax over the
 * vocabulary, then the top {@link #TOP_K} tags whose probability reaches {@link #MIN_PROBABILITY}.
 * A probability is relative to the vocabulary, so an image that fits no tag well spreads its mass
 * and gets none.
 */
final class ImageTagger implements Tagger {
  /** CLIP ViT-B/32's learned temperature (exp of its logit_scale parameter, 4.6052 = ln 100). */
  static final double LOGIT_SCALE = 100.0;
  /**
   * Lowest softmax probability of a kept tag. Not yet calibrated on the real weights, which were
   * never run here: 0.15 is a first guess for a vocabulary of about 250 topics, where a clear
   * photo's best class usually takes most of the mass. Calibrate by tagging a few hundred labelled
   * photos and choosing the lowest value whose kept tags are at least 80 % right.
   */
  static final double MIN_PROBABILITY = 0.15;
  /** Most image tags per file. */
  static final int TOP_K = 3;

  private final Supplier<Optional<ImageVocabulary>> vocabulary;

  /** Uses the vocabulary's image-space embeddings, empty when no image model is installed. */
  ImageTagger(Supplier<Optional<ImageVocabulary>> vocabulary) {
    this.vocabulary = vocabulary;
  }

  @Override
  public List<Tag> tag(Extraction e) {
    if (e.imageVectors().isEmpty()) {
      return List.of();
    }
    Optional<ImageVocabulary> index = vocabulary.get();
    if (index.isEmpty() || index.get().size() == 0) {
      return List.of();
    }
    List<Tag> kept = new ArrayList<>();
    double[] p = probabilities(index.get(), Vectors.meanNormalized(e.imageVectors()));
    for (int i = 0; i < p.length; i++) {
      if (p[i] >= MIN_PROBABILITY) {
        kept.add(new Tag(index.get().name(i), Math.round(p[i] * 10_000) / 10_000.0, TagSource.IMAGE, ClipModel.MODEL));
      }
    }
    kept.sort(Comparator.comparingDouble(Tag::score).reversed().thenComparing(Tag::name));
    return kept.size() > TOP_K ? List.copyOf(kept.subList(0, TOP_K)) : kept;
  }

  /** Returns the softmax over the vocabulary of the scaled cosines between the image and each tag. */
  static double[] probabilities(ImageVocabulary index, float[] image) {
    double[] logits = new double[index.size()];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < logits.length; i++) {
      logits[i] = LOGIT_SCALE * Vectors.dot(image, index.vector(i));
      max = Math.max(max, logits[i]);
    }
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      logits[i] = Math.exp(logits[i] - max);
      sum += logits[i];
    }
    for (int i = 0; i < logits.length; i++) {
      logits[i] /= sum;
    }
    return logits;
  }
}
