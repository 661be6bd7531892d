package io.graphdrive.tagging;

import java.util.List;

/** Small vector arithmetic on float arrays. */
final class Vectors {
  private Vectors() {}

  /** Scales a vector to unit length in place and returns it; a zero vector stays zero. */
  static float[] normalize(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) {
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (v[i] / norm);
      }
    }
    return v;
  }

  /** Returns the dot product, which is the cosine for unit vectors. */
  static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  /** Returns the unit-length mean of the vectors, or null when there are none. */
  static float[] meanNormalized(List<float[]> vectors) {
    if (vectors.isEmpty()) {
      return null;
    }
    float[] mean = new float[vectors.get(0).length];
    for (float[] v : vectors) {
      for (int i = 0; i < mean.length; i++) {
        mean[i] += v[i];
      }
    }
    return normalize(mean);
  }
}
