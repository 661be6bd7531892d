package io.graphdrive.tagging;

import java.util.Map;
import java.util.Set;

/**
 * A small rule-based English singulariser for the head noun of a tag ("python modules" to "python
 * module"); public because the index server stores every tag name under its singular too.
 */
public final class Singular {
  private static final Map<String, String> IRREGULAR =
      Map.ofEntries(
          Map.entry("children", "child"), Map.entry("people", "person"), Map.entry("men", "man"),
          Map.entry("women", "woman"), Map.entry("mice", "mouse"), Map.entry("feet", "foot"),
          Map.entry("teeth", "tooth"), Map.entry("geese", "goose"), Map.entry("indices", "index"),
          Map.entry("matrices", "matrix"), Map.entry("vertices", "vertex"), Map.entry("appendices", "appendix"),
          Map.entry("analyses", "analysis"), Map.entry("theses", "thesis"), Map.entry("crises", "crisis"),
          Map.entry("hypotheses", "hypothesis"), Map.entry("diagnoses", "diagnosis"), Map.entry("axes", "axis"),
          Map.entry("criteria", "criterion"), Map.entry("phenomena", "phenomenon"), Map.entry("leaves", "leaf"),
          Map.entry("wolves", "wolf"), Map.entry("knives", "knife"), Map.entry("lives", "life"),
          Map.entry("wives", "wife"), Map.entry("halves", "half"), Map.entry("shelves", "shelf"),
          Map.entry("selves", "self"), Map.entry("thieves", "thief"), Map.entry("calves", "calf"),
          Map.entry("viruses", "virus"), Map.entry("buses", "bus"), Map.entry("statuses", "status"),
          Map.entry("caches", "cache"), Map.entry("niches", "niche"), Map.entry("headaches", "headache"),
          Map.entry("avalanches", "avalanche"), Map.entry("movies", "movie"), Map.entry("cookies", "cookie"),
          Map.entry("calories", "calorie"), Map.entry("zombies", "zombie"), Map.entry("smoothies", "smoothie"),
          Map.entry("brownies", "brownie"), Map.entry("selfies", "selfie"), Map.entry("pies", "pie"),
          Map.entry("ties", "tie"), Map.entry("lies", "lie"), Map.entry("shoes", "shoe"), Map.entry("toes", "toe"),
          Map.entry("canoes", "canoe"), Map.entry("oboes", "oboe"),
          Map.entry("menus", "menu"), Map.entry("gurus", "guru"), Map.entry("quizzes", "quiz"));
  // Words that end like a plural but are not one, or whose plural is the same word.
  private static final Set<String> UNCHANGED =
      Set.of(
          "series", "species", "news", "data", "media", "sheep", "fish", "deer", "aircraft", "software",
          "hardware", "means", "headquarters", "whereas", "always", "perhaps", "lens", "canvas", "atlas",
          "alias", "bias", "gas", "chaos", "kudos", "ethos", "pathos", "cosmos", "windows", "mathematics",
          "physics", "economics", "statistics", "politics", "ethics", "linguistics", "graphics", "electronics",
          "genetics", "logistics", "analytics", "robotics", "semantics", "dynamics", "mechanics", "athletics",
          "diabetes", "measles", "rabies", "herpes", "pants", "scissors", "glasses", "thanks", "jeans",
          "sales", "sports", "arts", "clothes", "christmas", "whereabouts", "kubernetes", "aws", "macos", "dns",
          "sms", "gps", "rss");

  private Singular() {}

  /** Returns the singular of a lower-case English noun; words it does not know as plurals come back as they are. */
  public static String of(String word) {
    String irregular = IRREGULAR.get(word);
    if (irregular != null) {
      return irregular;
    }
    int n = word.length();
    // Names of fields end in -ics (physics, bioinformatics) and are no plurals.
    if (n <= 3 || UNCHANGED.contains(word) || !word.endsWith("s") || word.endsWith("ics")
        || word.endsWith("ss") || word.endsWith("us") || (word.endsWith("is") && n > 4)) {
      return word;
    }
    if (word.endsWith("ies") && n > 4) {
      return word.substring(0, n - 3) + "y";
    }
    if (word.endsWith("sses") || word.endsWith("xes") || word.endsWith("ches")
        || word.endsWith("shes") || word.endsWith("oes")) {
      return word.substring(0, n - 2);
    }
    return word.substring(0, n - 1);
  }
}
