package io.graphdrive.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stored form of tag names: plural head words made singular, aliases joined, other words left alone. */
class TagNamesTest {
  @Test
  void nearDuplicatesMeetAndOtherNamesStay() {
    Map<String, String> cases = Map.ofEntries(
        Map.entry("photos", "photo"), Map.entry("photographs", "photo"), Map.entry("e-mail", "email"),
        Map.entry("contact lists", "contact list"), Map.entry("stories", "story"), Map.entry("movies", "film"),
        Map.entry("cookies", "cookie"), Map.entry("boxes", "box"), Map.entry("searches", "search"),
        Map.entry("classes", "class"), Map.entry("caches", "cache"), Map.entry("news", "news"),
        Map.entry("data analysis", "data analysis"), Map.entry("physics", "physics"), Map.entry("bioinformatics", "bioinformatics"), Map.entry("sports", "sports"),
        Map.entry("c++", "c++"), Map.entry("3dmodels", "3dmodels"), Map.entry("biology:bioinformatics", "biology:bioinformatics"),
        Map.entry("bus", "bus"), Map.entry("virus", "virus"), Map.entry("glass", "glass"), Map.entry("ios", "ios"));
    cases.forEach((name, expected) -> assertEquals(expected, TagNames.canonical(name), name));
  }
}
