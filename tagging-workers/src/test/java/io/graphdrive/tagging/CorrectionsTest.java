package io.graphdrive.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphdrive.common.Json;
import io.graphdrive.common.Tag;
import java.util.List;
import java.util.Map;
import org.apache.tika.metadata.Metadata;
import org.junit.jupiter.api.Test;

/**
 * Users' corrections change the real MiniLM tagger on held-out files: code that handles people's names and
 * phone numbers is wrongly tagged "contact list" and not "programming"; three corrected files teach both.
 */
final class CorrectionsTest {
  static final List<String> CORRECTED = List.of(
      "class Person: def __init__(self, name, email, phone): self.name = name; self.email = email; self.phone = phone",
      "class Customer(Model): first_name = CharField(); last_name = CharField(); phone_number = CharField(); address = TextField()",
      "function renderContacts(list) { return list.map(c => `<li>${c.name} ${c.phone}</li>`).join(''); }");
  static final List<String> HELD_OUT = List.of(
      "import csv\ndef load_people(path): with open(path) as f: return [dict(name=r[0], email=r[1], phone=r[2]) for r in csv.reader(f)]",
      "struct user { char *name; char *email; char *phone; }; void print_user(struct user *u) { printf(\"%s\", u->name); }",
      "def add_person(db, name, phone, email): db.execute('INSERT INTO people VALUES (?, ?, ?)', (name, phone, email))");

  private static Extraction embed(String text) {
    return new ClueEmbedder(Models::embedder)
        .embed(Extraction.ofText("/t.txt", "text/plain", new Metadata(), text, "", text.length(), null));
  }

  private static List<String> tags(VocabularyTagger tagger, String text) {
    List<Tag> tags = tagger.tag(embed(text));
    System.out.println(text.substring(0, 40).replace('\n', ' ') + " -> " + tags);
    return tags.stream().map(Tag::name).toList();
  }

  @Test
  void removalsAndAdditionsMoveHeldOutFiles() throws Exception {
    Vocabulary vocabulary = Vocabulary.parse(Vocabulary.defaultText());
    VocabularyTagger plain = new VocabularyTagger(language -> Models.index(vocabulary, Models.embedder(language)));
    List<float[]> corrected = CORRECTED.stream().map(t -> Vectors.meanNormalized(embed(t).windows())).toList();
    Corrections learnt = Corrections.parse(Json.mapper().writeValueAsString(Map.of("en", Map.of(
        "contact list", Map.of("removed", corrected),
        "programming", Map.of("confirmed", corrected)))));
    assertEquals(2, learnt.size());
    VocabularyTagger corrected2 =
        new VocabularyTagger(language -> Models.index(vocabulary, Models.embedder(language)), () -> learnt);
    for (String text : HELD_OUT) {
      List<String> before = tags(plain, text);
      assertTrue(before.contains("contact list") && !before.contains("programming"), before.toString());
      List<String> after = tags(corrected2, text);
      assertFalse(after.contains("contact list"), after.toString());
      assertTrue(after.contains("programming"), after.toString());
    }
    // The corrections are English: a Chinese file's index is untouched.
    assertTrue(learnt.adjust("zh", Models.index(vocabulary, Models.embedder("zh"))).isEmpty());
  }
}
