package io.graphdrive.tagging;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the probability map of a DB (differentiable binarization) text detector into text boxes, as
 * PaddleOCR's DBPostProcess does: threshold, connected regions, minimum-area rectangles, a score
 * filter, and the "unclip" expansion that grows each shrunk text kernel back to the whole line.
 */
final class DbBoxes {
  /** Probability above which a map pixel is text. */
  static final float THRESHOLD = 0.3f;
  /** Least mean probability inside a box for it to be kept. */
  static final float BOX_THRESHOLD = 0.6f;
  /**
   * How far a box grows: its area times this, divided by its perimeter, on every side. DBPostProcess's
   * own default; the 1.5 of predict_det.py cut lines so close that the recogniser dropped spaces.
   */
  static final double UNCLIP_RATIO = 2.0;
  /** Most regions looked at per map (a map of noise cannot make the recogniser run for ever). */
  static final int MAX_CANDIDATES = 1000;

  private static final int MIN_SIZE = 3;

  private DbBoxes() {}

  /**
   * Returns the text boxes of a probability map of {@code w} x {@code h}, scaled to an image of
   * {@code imageW} x {@code imageH}.
   */
  static List<Quad> find(float[] prob, int w, int h, int imageW, int imageH) {
    int[] label = new int[w * h];
    int[] stack = new int[w * h];
    List<Quad> boxes = new ArrayList<>();
    int regions = 0;
    for (int start = 0; start < w * h && regions < MAX_CANDIDATES; start++) {
      if (prob[start] <= THRESHOLD || label[start] != 0) {
        continue;
      }
      regions++;
      double[] rect = minAreaRect(hull(region(prob, w, h, start, regions, label, stack)));
      if (rect == null || Math.min(rect[4], rect[5]) < MIN_SIZE) {
        continue;
      }
      if (meanInside(prob, w, h, corners(rect, 0)) < BOX_THRESHOLD) {
        continue;
      }
      // Growing a rectangle by d on every side (with round corners) has the same minimum-area
      // rectangle as growing it by d with square corners.
      double d = rect[4] * rect[5] * UNCLIP_RATIO / (2 * (rect[4] + rect[5]));
      if (Math.min(rect[4], rect[5]) + 2 * d < MIN_SIZE + 2) {
        continue;
      }
      Quad q = ordered(corners(rect, d), w, h, imageW, imageH);
      if (q.width() > MIN_SIZE && q.height() > MIN_SIZE) {
        boxes.add(q);
      }
    }
    return boxes;
  }

  /**
   * Labels the 8-connected region of text pixels around {@code start} and returns, per row it
   * covers, its leftmost and rightmost pixel (all the convex hull needs) as x,y pairs.
   */
  private static List<double[]> region(float[] prob, int w, int h, int start, int id, int[] label, int[] stack) {
    int top = start / w;
    int bottom = top;
    int[] minX = new int[h];
    int[] maxX = new int[h];
    Arrays.fill(minX, Integer.MAX_VALUE);
    Arrays.fill(maxX, -1);
    int n = 0;
    stack[n++] = start;
    label[start] = id;
    while (n > 0) {
      int p = stack[--n];
      int x = p % w;
      int y = p / w;
      minX[y] = Math.min(minX[y], x);
      maxX[y] = Math.max(maxX[y], x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
      for (int dy = -1; dy <= 1; dy++) {
        for (int dx = -1; dx <= 1; dx++) {
          int nx = x + dx;
          int ny = y + dy;
          if (nx >= 0 && ny >= 0 && nx < w && ny < h) {
            int q = ny * w + nx;
            if (label[q] == 0 && prob[q] > THRESHOLD) {
              label[q] = id;
              stack[n++] = q;
            }
          }
        }
      }
    }
    List<double[]> points = new ArrayList<>();
    for (int y = top; y <= bottom; y++) {
      if (maxX[y] >= 0) {
        points.add(new double[] {minX[y], y});
        if (maxX[y] != minX[y]) {
          points.add(new double[] {maxX[y], y});
        }
      }
    }
    return points;
  }

  /** Returns the convex hull of points in counter-clockwise order (Andrew's monotone chain). */
  private static List<double[]> hull(List<double[]> points) {
    points.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
    if (points.size() < 3) {
      return points;
    }
    double[][] h = new double[2 * points.size()][];
    int k = 0;
    for (double[] p : points) {
      while (k >= 2 && cross(h[k - 2], h[k - 1], p) <= 0) {
        k--;
      }
      h[k++] = p;
    }
    for (int i = points.size() - 2, lower = k + 1; i >= 0; i--) {
      double[] p = points.get(i);
      while (k >= lower && cross(h[k - 2], h[k - 1], p) <= 0) {
        k--;
      }
      h[k++] = p;
    }
    return Arrays.asList(Arrays.copyOf(h, k - 1));
  }

  private static double cross(double[] o, double[] a, double[] b) {
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  }

  /**
   * Returns the minimum-area rectangle around a convex hull (one side lies on a hull edge) as
   * {ox, oy, ux, uy, length along u, length across u}, the origin at the corner of least u and v;
   * null for fewer than two points.
   */
  private static double[] minAreaRect(List<double[]> hull) {
    if (hull.size() < 2) {
      return null;
    }
    double[] best = null;
    double bestArea = Double.MAX_VALUE;
    for (int i = 0; i < hull.size(); i++) {
      double[] a = hull.get(i);
      double[] b = hull.get((i + 1) % hull.size());
      double len = Math.hypot(b[0] - a[0], b[1] - a[1]);
      if (len == 0) {
        continue;
      }
      double ux = (b[0] - a[0]) / len;
      double uy = (b[1] - a[1]) / len;
      double minU = Double.MAX_VALUE;
      double maxU = -Double.MAX_VALUE;
      double minV = Double.MAX_VALUE;
      double maxV = -Double.MAX_VALUE;
      for (double[] p : hull) {
        double u = p[0] * ux + p[1] * uy;
        double v = -p[0] * uy + p[1] * ux;
        minU = Math.min(minU, u);
        maxU = Math.max(maxU, u);
        minV = Math.min(minV, v);
        maxV = Math.max(maxV, v);
      }
      double area = (maxU - minU) * (maxV - minV);
      if (area < bestArea) {
        bestArea = area;
        best = new double[] {minU * ux - minV * uy, minU * uy + minV * ux, ux, uy, maxU - minU, maxV - minV};
      }
    }
    return best;
  }

  /** Returns the four corners (x0,y0,...,x3,y3) of a rectangle grown by d on every side. */
  private static double[] corners(double[] r, double d) {
    double ux = r[2];
    double uy = r[3];
    double vx = -uy;
    double vy = ux;
    double ox = r[0] - d * ux - d * vx;
    double oy = r[1] - d * uy - d * vy;
    double lu = r[4] + 2 * d;
    double lv = r[5] + 2 * d;
    return new double[] {
      ox, oy, ox + lu * ux, oy + lu * uy, ox + lu * ux + lv * vx, oy + lu * uy + lv * vy, ox + lv * vx, oy + lv * vy
    };
  }

  /** Returns the mean probability of the map pixels whose centres lie in the quadrilateral. */
  private static double meanInside(float[] prob, int w, int h, double[] c) {
    int x0 = clamp((int) Math.floor(Math.min(Math.min(c[0], c[2]), Math.min(c[4], c[6]))), w - 1);
    int x1 = clamp((int) Math.ceil(Math.max(Math.max(c[0], c[2]), Math.max(c[4], c[6]))), w - 1);
    int y0 = clamp((int) Math.floor(Math.min(Math.min(c[1], c[3]), Math.min(c[5], c[7]))), h - 1);
    int y1 = clamp((int) Math.ceil(Math.max(Math.max(c[1], c[3]), Math.max(c[5], c[7]))), h - 1);
    double sum = 0;
    int n = 0;
    for (int y = y0; y <= y1; y++) {
      for (int x = x0; x <= x1; x++) {
        if (inside(c, x, y)) {
          sum += prob[y * w + x];
          n++;
        }
      }
    }
    return n == 0 ? 0 : sum / n;
  }

  /** Returns whether a point lies in a convex quadrilateral, its edge included (half a pixel of slack). */
  private static boolean inside(double[] c, double x, double y) {
    boolean pos = false;
    boolean neg = false;
    for (int i = 0; i < 4; i++) {
      double ax = c[2 * i];
      double ay = c[2 * i + 1];
      double bx = c[(2 * i + 2) % 8];
      double by = c[(2 * i + 3) % 8];
      double len = Math.hypot(bx - ax, by - ay);
      double s = len == 0 ? 0 : ((bx - ax) * (y - ay) - (by - ay) * (x - ax)) / len;
      pos |= s > 0.5;
      neg |= s < -0.5;
    }
    return !(pos && neg);
  }

  private static int clamp(int v, int max) {
    return Math.max(0, Math.min(max, v));
  }

  /**
   * Orders corners top-left, top-right, bottom-right, bottom-left (the two leftmost give the left
   * side, the upper of them first) and scales them from the map to the image.
   */
  private static Quad ordered(double[] c, int w, int h, int imageW, int imageH) {
    Integer[] idx = {0, 1, 2, 3};
    Arrays.sort(idx, (a, b) -> Double.compare(c[2 * a], c[2 * b]));
    int tl = c[2 * idx[0] + 1] <= c[2 * idx[1] + 1] ? idx[0] : idx[1];
    int bl = tl == idx[0] ? idx[1] : idx[0];
    int tr = c[2 * idx[2] + 1] <= c[2 * idx[3] + 1] ? idx[2] : idx[3];
    int br = tr == idx[2] ? idx[3] : idx[2];
    int[] order = {tl, tr, br, bl};
    double[] xs = new double[4];
    double[] ys = new double[4];
    for (int i = 0; i < 4; i++) {
      xs[i] = Math.max(0, Math.min(imageW, c[2 * order[i]] * imageW / w));
      ys[i] = Math.max(0, Math.min(imageH, c[2 * order[i] + 1] * imageH / h));
    }
    return new Quad(xs, ys);
  }
}
