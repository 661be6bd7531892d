package io.graphdrive.tagging;

import java.util.ArrayList;
import java.util.List;

/**
 * A vocabulary's tags in the image model's space: each tag is the normalised mean of the text
 * embeddings of a few photo prompts made from its name and, when it has one, its description (CLIP's
 * own zero-shot recipe: prompt ensembles beat the bare label).
 */
final class ImageVocabulary {
  private final String fingerprint;
  private final List<String> names;
  private final List<float[]> vectors;

  private ImageVocabulary(String fingerprint, List<String> names, List<float[]> vectors) {
    this.fingerprint = fingerprint;
    this.names = names;
    this.vectors = vectors;
  }

  /** Embeds every tag's prompts with the image model's text encoder. */
  static ImageVocabulary build(Vocabulary vocabulary, ClipModel clip) {
    List<String> names = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    for (Vocabulary.Entry e : vocabulary.entries()) {
      List<float[]> prompts = clip.embedTexts(prompts(e));
      names.add(e.name());
      vectors.add(Vectors.meanNormalized(prompts));
    }
    return new ImageVocabulary(vocabulary.fingerprint(), List.copyOf(names), List.copyOf(vectors));
  }

  /** Returns the prompts of a tag. */
  static List<String> prompts(Vocabulary.Entry e) {
    List<String> prompts = new ArrayList<>();
    prompts.add("a photo of " + e.name() + ".");
    prompts.add("a picture of " + e.name() + ".");
    if (e.description() != null) {
      prompts.add("a photo of " + e.name() + ": " + e.description());
    }
    return prompts;
  }

  /** Returns the sha256 of the vocabulary content these embeddings were made from. */
  String fingerprint() {
    return fingerprint;
  }

  /** Returns the number of tags. */
  int size() {
    return names.size();
  }

  /** Returns the tag name at an index. */
  String name(int i) {
    return names.get(i);
  }

  /** Returns the unit-length embedding of the tag at an index. */
  float[] vector(int i) {
    return vectors.get(i);
  }
}
