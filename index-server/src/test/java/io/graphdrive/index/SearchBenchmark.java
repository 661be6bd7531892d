package io.graphdrive.index;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/**
 * Benchmark, not a test: latency of full-text ({@code ?text=}) and meaning ({@code ?q=}) search over
 * 10,000 TAGGED files in the real Neo4j the tests start. Texts are generated from a few hundred
 * sentences over twelve English and four Chinese topics; vectors are random unit vectors clustered
 * around one centre per topic (not the real models, which would take many minutes on this machine).
 * Run it as BENCHMARKS.md says; arguments: [files] [queries per kind].
 */
public final class SearchBenchmark {
  private static final int LIMIT = 20;
  private static final int WARM_UP = 100;
  private static final int BATCH = 250;
  private static final double CHINESE_SHARE = 0.10;
  private static final double IMAGE_SHARE = 0.20;
  private static final int IMAGE_DIMENSIONS = 512;
  private static final int IMAGE_CLUSTERS = 8;

  private static final String[] TOPICS = {"astronomy", "cooking", "finance", "medicine", "football", "gardening",
      "programming", "music", "travel", "law", "climate", "history"};
  // Per topic: nouns | adjectives | verbs.
  private static final String[][] VOCABULARY = {
      {"telescope galaxy planet star nebula orbit comet asteroid observatory spectrum satellite eclipse moon "
          + "supernova cluster horizon meteor quasar constellation radiation",
          "distant bright faint massive stellar orbital cosmic dim",
          "observes tracks measures emits orbits reflects crosses illuminates"},
      {"recipe kitchen oven garlic onion sauce pastry flour butter dough spice chef noodle broth skillet tomato "
          + "vinegar pepper dumpling marinade",
          "crispy savory fresh tender spicy golden bitter creamy",
          "simmers bakes roasts seasons chops blends ferments thickens"},
      {"budget invoice portfolio dividend bond equity mortgage loan interest inflation revenue ledger auditor "
          + "shareholder liquidity currency tax deficit pension forecast",
          "fiscal quarterly volatile annual liquid taxable net projected",
          "audits invests borrows hedges reports allocates refinances underwrites"},
      {"patient clinic vaccine diagnosis symptom surgeon therapy dosage antibiotic fracture nurse pulse infection "
          + "allergy prescription biopsy ward virus tumor cardiology",
          "chronic acute clinical benign sterile viral mild severe",
          "diagnoses treats prescribes monitors examines vaccinates sutures relieves"},
      {"striker goalkeeper referee stadium penalty midfielder tournament league coach header corner offside match "
          + "defender trophy season pitch tackle crossbar substitute",
          "decisive aggressive tactical defensive offensive injured unbeaten rival",
          "scores defends passes tackles shoots concedes dribbles blocks"},
      {"compost seedling greenhouse tulip orchard hedge soil fertilizer mulch shovel rose pruning trellis bulb "
          + "weed irrigation lettuce sunflower fern pollinator",
          "fertile shady organic perennial annual thorny lush dry",
          "waters prunes plants harvests sprouts blooms grafts weeds"},
      {"compiler function variable database server thread algorithm repository debugger kernel parser cache "
          + "query interface module library protocol socket exception benchmark",
          "concurrent recursive immutable asynchronous scalable deprecated binary distributed",
          "compiles executes refactors parses caches deploys allocates serializes"},
      {"orchestra violin melody rhythm chord piano symphony conductor guitar drummer harmony concert soprano "
          + "lyric tempo album choir saxophone rehearsal composer",
          "acoustic melodic harmonic classical loud rhythmic baroque gentle",
          "performs composes rehearses conducts improvises records tunes plays"},
      {"passport airport itinerary luggage hotel ferry border visa tourist museum railway hostel voyage cruise "
          + "souvenir guidebook island reservation terminal canyon",
          "scenic remote crowded historic coastal overnight exotic affordable",
          "explores books visits departs arrives crosses wanders navigates"},
      {"court judge verdict contract plaintiff defendant lawyer statute appeal testimony jury evidence clause "
          + "trial warrant settlement tribunal precedent subpoena license",
          "legal binding criminal civil constitutional void liable unanimous",
          "rules appeals testifies drafts enforces sues overturns negotiates"},
      {"glacier drought rainfall emission carbon temperature hurricane monsoon aerosol permafrost sea ocean "
          + "heatwave wildfire methane flood forest humidity ozone wetland",
          "arid tropical polar humid extreme seasonal warming coastal",
          "melts warms floods absorbs releases cools erodes accelerates"},
      {"empire dynasty treaty manuscript archive monarch revolution castle parliament chronicle colony battle "
          + "pharaoh knight artifact fortress ruin scroll monastery siege",
          "ancient imperial feudal colonial royal medieval forgotten victorious",
          "conquers rebuilds signs records invades founds abolishes discovers"}};
  private static final String[] TEMPLATES = {
      "The %a %n %v the %n near the %n.",
      "Every %n in this report %v a %a %n.",
      "Researchers noted that the %n %v the %a %n during the last season.",
      "%A %n and %a %n are discussed in the following section.",
      "We expect the %n to become more %a as the %n %v the %n.",
      "According to the %n, a %a %n rarely %v without a %n.",
      "In the first year, the %n %v the %a %n for the first time.",
      "The committee asked whether the %n %v the %n or merely the %n."};
  // The first four topics again, in Chinese: nouns, then verbs.
  private static final String[][] CHINESE = {
      {"望远镜 星系 行星 恒星 黑洞 轨道 彗星 宇宙 观测站 月球 光谱 卫星", "观测 记录 测量 发现 研究"},
      {"厨师 米饭 面条 豆腐 酱油 火锅 蔬菜 菜谱 饺子 汤 调料 厨房", "准备 改进 品尝 记录 研究"},
      {"银行 股票 利率 投资 市场 基金 债券 贷款 汇率 通货膨胀 预算 风险", "分析 影响 提高 降低 讨论"},
      {"医生 病人 医院 疫苗 手术 药物 症状 诊断 血压 护士 治疗 病毒", "观察 治疗 检查 改善 讨论"}};
  private static final String[] CHINESE_TEMPLATES = {
      "%n%v了%n的变化。", "研究人员认为%n和%n之间存在密切的关系。", "今年的报告显示，%n对%n有重要影响。",
      "我们在%n附近%v了新的%n。", "关于%n的问题，专家们%v了很长时间。", "如果%n继续变化，%n也会受到影响。"};
  private static final String[] GENERIC_TAGS = ("report draft notes invoice summary letter plan review minutes "
      + "manual article memo checklist proposal agenda schedule").split(" ");
  private static final String[] SYLLABLES = "ka lo mi ser tan vel dor quin bra ley fen hol mar tis gru pem zan "
      .split(" ");

  private final Random random = new Random(42);
  private final List<List<String>> sentences = new ArrayList<>();
  private final List<List<String>> chineseSentences = new ArrayList<>();
  private final float[][] englishCentres = centres(TOPICS.length, Graph.ENGLISH.dimensions());
  private final float[][] chineseCentres = centres(CHINESE.length, Graph.CHINESE.dimensions());
  private final float[][] imageCentres = centres(IMAGE_CLUSTERS, IMAGE_DIMENSIONS);

  private SearchBenchmark() {
    for (int t = 0; t < TOPICS.length; t++) {
      List<String> pool = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        pool.add(sentence(t));
      }
      sentences.add(pool);
    }
    for (int t = 0; t < CHINESE.length; t++) {
      List<String> pool = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        pool.add(chineseSentence(t));
      }
      chineseSentences.add(pool);
    }
  }

  /** Seeds the graph, builds the indexes, times each kind of query and prints Markdown tables. */
  public static void main(String[] args) throws Exception {
    int files = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int queries = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    new SearchBenchmark().run(files, queries);
  }

  private void run(int files, int queries) throws Exception {
    long t0 = System.nanoTime();
    Neo4jProcess neo4j = Neo4jProcess.shared();
    double startS = seconds(t0);
    try (Driver driver = neo4j.driver()) {
      Graph graph = new Graph(driver, 0.9, 5);
      long t1 = System.nanoTime();
      long textChars = seed(driver, files);
      double seedS = seconds(t1);
      long t2 = System.nanoTime();
      graph.ensureSchema();
      double schemaS = seconds(t2);
      long t3 = System.nanoTime();
      graph.ensureImageIndex(IMAGE_DIMENSIONS);
      double imageIndexS = seconds(t3);

      System.out.printf(Locale.ROOT, "%n%d TAGGED files, %.1f M characters of text, %d cores%n%n", files,
          textChars / 1e6, Runtime.getRuntime().availableProcessors());
      System.out.println("| step | seconds |");
      System.out.println("| --- | ---: |");
      System.out.printf(Locale.ROOT, "| start Neo4j (child JVM) | %.1f |%n", startS);
      System.out.printf(Locale.ROOT, "| generate and write %d files (UNWIND, %d a transaction) | %.1f |%n", files,
          BATCH, seedS);
      System.out.printf(Locale.ROOT, "| ensureSchema: build constraints, full-text and text vector indexes, wait "
          + "online | %.1f |%n", schemaS);
      System.out.printf(Locale.ROOT, "| ensureImageIndex(512): build, wait online | %.1f |%n%n", imageIndexS);

      System.out.printf(Locale.ROOT, "| query (limit %d) | queries | hits/query | median ms | p99 ms |%n", LIMIT);
      System.out.println("| --- | ---: | ---: | ---: | ---: |");
      Map<String, Supplier<Integer>> kinds = new java.util.LinkedHashMap<>();
      kinds.put("text: 1 word", () -> text(graph, words(1), null));
      kinds.put("text: 1 rare word (a name in ~2 files)", () -> text(graph, FullText.words(rareName()), null));
      kinds.put("text: 2 words", () -> text(graph, words(2), null));
      kinds.put("text: 3-word phrase", () -> text(graph, phrase(), null));
      kinds.put("text: 1 word + tag", () -> {
        int topic = random.nextInt(TOPICS.length);
        return text(graph, List.of(noun(topic)), TOPICS[topic]);
      });
      kinds.put("text: 3-word phrase + tag", () -> text(graph, phrase(), GENERIC_TAGS[0]));
      kinds.put("text: Chinese word", () -> text(graph, List.of(chineseNoun()), null));
      kinds.put("meaning: English text only", () -> graph.searchByMeaning(Graph.ENGLISH,
          near(englishCentres), null, LIMIT).size());
      kinds.put("meaning: Chinese text only", () -> graph.searchByMeaning(Graph.CHINESE,
          near(chineseCentres), null, LIMIT).size());
      kinds.put("meaning: English text + image (fused)", () -> graph.searchByMeaning(Graph.ENGLISH,
          near(englishCentres), near(imageCentres), LIMIT).size());
      // Warm-up of all kinds first, so that no kind pays for the JIT or a cold page cache more than another.
      for (int i = 0; i < WARM_UP; i++) {
        kinds.values().forEach(Supplier::get);
      }
      kinds.forEach((name, query) -> measure(name, queries, query));
    }
  }

  /** Times {@code queries} queries of one kind and prints a table row. */
  private static void measure(String name, int queries, Supplier<Integer> query) {
    double[] millis = new double[queries];
    long hits = 0;
    for (int i = 0; i < queries; i++) {
      long start = System.nanoTime();
      hits += query.get();
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    java.util.Arrays.sort(millis);
    System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f |%n", name, queries, (double) hits / queries,
        millis[queries / 2], millis[(int) Math.ceil(0.99 * queries) - 1]);
  }

  /** Does what the API's {@code ?text=} does: the Graph call, then a snippet for each hit; returns the hits. */
  private static int text(Graph graph, List<String> words, String tag) {
    List<Map<String, Object>> hits = graph.searchByText(FullText.luceneQuery(words), tag, 0, LIMIT);
    for (Map<String, Object> hit : hits) {
      if (FullText.snippet((String) hit.get("text"), words).isEmpty()) {
        throw new IllegalStateException("a hit without text: " + hit.get("path"));
      }
    }
    return hits.size();
  }

  /** Writes the directories, tags and files in batches; returns the characters of text written. */
  private long seed(Driver driver, int files) {
    long chars = 0;
    try (Session session = driver.session()) {
      List<String> tags = new ArrayList<>(List.of(TOPICS));
      tags.addAll(List.of(GENERIC_TAGS));
      session.run("UNWIND $tags AS name CREATE (:Tag {name: name})", Map.of("tags", tags)).consume();
      session.run("""
          CREATE (root:Dir {path: '/'})-[:CONTAINS]->(b:Dir {path: '/bench'})
          WITH b UNWIND $topics AS topic
          CREATE (b)-[:CONTAINS]->(:Dir {path: '/bench/' + topic})""", Map.of("topics", List.of(TOPICS))).consume();
      for (int from = 0; from < files; from += BATCH) {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = from; i < Math.min(files, from + BATCH); i++) {
          Map<String, Object> file = file(i);
          chars += ((String) file.get("text")).length();
          batch.add(file);
        }
        session.executeWrite(tx -> tx.run("""
            UNWIND $files AS f
            MATCH (d:Dir {path: f.dir})
            CREATE (d)-[:CONTAINS]->(n:File {path: f.path, name: f.name, nameLower: toLower(f.name), ext: 'txt',
                status: 'TAGGED', generation: 1, createdAt: $now, updatedAt: $now, taggedAt: $now,
                sha256: f.sha256, size: f.size, mime: 'text/plain', text: f.text, language: f.language,
                embedding: f.embedding, zhEmbedding: f.zhEmbedding, imageEmbedding: f.imageEmbedding})
            WITH n, f UNWIND f.tags AS tag
            MATCH (t:Tag {name: tag.name})
            CREATE (n)-[:TAGGED {score: tag.score, source: 'text', model: 'bench'}]->(t)""",
            Map.of("files", batch, "now", System.currentTimeMillis())).consume());
      }
    }
    return chars;
  }

  /** Returns the properties of file {@code i}: a topic's text, its vectors and tags. */
  private Map<String, Object> file(int i) {
    boolean chinese = random.nextDouble() < CHINESE_SHARE;
    int topic = chinese ? random.nextInt(CHINESE.length) : random.nextInt(TOPICS.length);
    String text = chinese ? chineseText(topic) : englishText(topic);
    Map<String, Object> f = new HashMap<>();
    f.put("dir", "/bench/" + TOPICS[topic]);
    f.put("name", String.format(Locale.ROOT, "%s-%05d.txt", TOPICS[topic], i));
    f.put("path", f.get("dir") + "/" + f.get("name"));
    f.put("sha256", Integer.toHexString(text.hashCode()));
    f.put("size", (long) text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    f.put("text", text);
    f.put("language", chinese ? "zh" : "en");
    f.put(chinese ? "zhEmbedding" : "embedding", toList(around(chinese ? chineseCentres[topic] : englishCentres[topic],
        1.0)));
    if (random.nextDouble() < IMAGE_SHARE) {
      f.put("imageEmbedding", toList(around(imageCentres[random.nextInt(IMAGE_CLUSTERS)], 1.0)));
    }
    List<Map<String, Object>> tags = new ArrayList<>();
    tags.add(Map.of("name", TOPICS[topic], "score", 0.6 + 0.3 * random.nextDouble()));
    String generic = GENERIC_TAGS[random.nextInt(GENERIC_TAGS.length)];
    tags.add(Map.of("name", generic, "score", 0.3 + 0.3 * random.nextDouble()));
    f.put("tags", tags);
    return f;
  }

  /** Returns 2,000 to 8,000 characters of sentences, mostly of the topic, with a name that few files share. */
  private String englishText(int topic) {
    int length = 2_000 + random.nextInt(6_001);
    StringBuilder text = new StringBuilder("Filed by " + rareName() + ". ");
    while (text.length() < length) {
      int t = random.nextDouble() < 0.8 ? topic : random.nextInt(TOPICS.length);
      List<String> pool = sentences.get(t);
      text.append(pool.get(random.nextInt(pool.size()))).append(random.nextInt(6) == 0 ? "\n\n" : " ");
    }
    return text.toString();
  }

  /** Returns 700 to 2,700 Chinese characters (2 to 8 KB in UTF-8) of the topic's sentences. */
  private String chineseText(int topic) {
    int length = 700 + random.nextInt(2_001);
    StringBuilder text = new StringBuilder();
    List<String> pool = chineseSentences.get(topic);
    while (text.length() < length) {
      text.append(pool.get(random.nextInt(pool.size())));
    }
    return text.toString();
  }

  private String sentence(int topic) {
    String[] template = TEMPLATES[random.nextInt(TEMPLATES.length)].split(" ");
    StringBuilder out = new StringBuilder();
    for (String token : template) {
      String word = switch (token.replaceAll("[.,]", "")) {
        case "%n" -> noun(topic);
        case "%a" -> pick(VOCABULARY[topic][1]);
        case "%A" -> capitalize(pick(VOCABULARY[topic][1]));
        case "%v" -> pick(VOCABULARY[topic][2]);
        default -> token.replaceAll("[.,]", "");
      };
      out.append(out.isEmpty() ? "" : " ").append(word).append(token.endsWith(".") ? "." : token.endsWith(",") ? "," : "");
    }
    return out.toString();
  }

  private String chineseSentence(int topic) {
    String template = CHINESE_TEMPLATES[random.nextInt(CHINESE_TEMPLATES.length)];
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < template.length(); i++) {
      if (template.charAt(i) == '%') {
        out.append(pick(CHINESE[topic][template.charAt(++i) == 'n' ? 0 : 1]));
      } else {
        out.append(template.charAt(i));
      }
    }
    return out.toString();
  }

  private String rareName() {
    return capitalize(SYLLABLES[random.nextInt(SYLLABLES.length)] + SYLLABLES[random.nextInt(SYLLABLES.length)]
        + SYLLABLES[random.nextInt(SYLLABLES.length)]);
  }

  /** Returns {@code n} nouns of one random topic. */
  private List<String> words(int n) {
    int topic = random.nextInt(TOPICS.length);
    List<String> words = new ArrayList<>();
    while (words.size() < n) {
      String w = noun(topic);
      if (!words.contains(w)) {
        words.add(w);
      }
    }
    return words;
  }

  /** Returns three consecutive words of a random sentence, as FullText.words splits a typed query. */
  private List<String> phrase() {
    List<String> pool = sentences.get(random.nextInt(TOPICS.length));
    List<String> all = FullText.words(pool.get(random.nextInt(pool.size())));
    int at = random.nextInt(all.size() - 2);
    return FullText.words(String.join(" ", all.subList(at, at + 3)));
  }

  private String noun(int topic) {
    return pick(VOCABULARY[topic][0]);
  }

  private String chineseNoun() {
    return pick(CHINESE[random.nextInt(CHINESE.length)][0]);
  }

  private String pick(String spaceSeparated) {
    String[] options = spaceSeparated.split(" ");
    return options[random.nextInt(options.length)];
  }

  private static String capitalize(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  /** Returns a query vector: around one of the centres, looser than the files are. */
  private float[] near(float[][] centres) {
    return around(centres[random.nextInt(centres.length)], 1.5);
  }

  /** Returns a unit vector at about cosine 1/sqrt(1 + spread²) from the centre. */
  private float[] around(float[] centre, double spread) {
    float[] v = new float[centre.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (centre[i] + spread * random.nextGaussian() / Math.sqrt(v.length));
    }
    return unit(v);
  }

  private float[][] centres(int n, int dimensions) {
    float[][] out = new float[n][];
    for (int c = 0; c < n; c++) {
      out[c] = around(new float[dimensions], 1.0);
    }
    return out;
  }

  /** Scales a vector to length 1 in place and returns it. */
  static float[] unit(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }

  private static List<Double> toList(float[] values) {
    List<Double> list = new ArrayList<>(values.length);
    for (float v : values) {
      list.add((double) v);
    }
    return list;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
