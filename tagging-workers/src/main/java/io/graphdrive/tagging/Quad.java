package io.graphdrive.tagging;

/**
 * A text box in image coordinates: corners top-left, top-right, bottom-right, bottom-left, in the
 * order the text reads (so a crop along them is upright).
 */
record Quad(double[] xs, double[] ys) {

  /** Returns the width of the crop along the text: the longer of the top and bottom edges. */
  double width() {
    return Math.max(edge(0, 1), edge(2, 3));
  }

  /** Returns the height of the crop across the text: the longer of the left and right edges. */
  double height() {
    return Math.max(edge(0, 3), edge(1, 2));
  }

  /** Returns this box read from the second corner on: the crop turned a quarter counter-clockwise. */
  Quad quarterTurn() {
    return new Quad(new double[] {xs[1], xs[2], xs[3], xs[0]}, new double[] {ys[1], ys[2], ys[3], ys[0]});
  }

  /** Returns this box read from the opposite corner: the crop turned upside down. */
  Quad halfTurn() {
    return quarterTurn().quarterTurn();
  }

  /** Returns the smallest y of the corners. */
  double top() {
    return Math.min(Math.min(ys[0], ys[1]), Math.min(ys[2], ys[3]));
  }

  /** Returns the largest y of the corners. */
  double bottom() {
    return Math.max(Math.max(ys[0], ys[1]), Math.max(ys[2], ys[3]));
  }

  /** Returns the smallest x of the corners. */
  double left() {
    return Math.min(Math.min(xs[0], xs[1]), Math.min(xs[2], xs[3]));
  }

  private double edge(int a, int b) {
    return Math.hypot(xs[a] - xs[b], ys[a] - ys[b]);
  }
}
