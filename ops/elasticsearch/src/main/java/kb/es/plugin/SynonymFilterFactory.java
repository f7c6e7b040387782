package kb.es.plugin;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymFilter;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.synonym.WordnetSynonymParser;
import org.apache.lucene.util.CharsRef;
import org.apache.lucene.util.CharsRefBuilder;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexService.IndexCreationContext;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalysisMode;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.CustomAnalyzer;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.synonyms.SynonymsManagementAPIService;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The "synonym" and "synonym_graph" filter types: Solr (default) or WordNet rules given inline ({@code synonyms}),
 * in a file under the config folder ({@code synonyms_path}) or in a synonyms set ({@code synonyms_set}), with
 * {@code expand}, {@code lenient} and {@code updateable} meaning what they mean in analysis-common.
 */
final class SynonymFilterFactory extends AbstractTokenFilterFactory {

    private final boolean graph;
    private final Environment environment;
    private final Settings settings;
    private final Supplier<SynonymsManagementAPIService> synonymSets;
    private final boolean expand;
    private final boolean lenient;
    private final boolean wordnet;
    private final AnalysisMode mode;

    /** Checks the parameters; the rules themselves are read per analyzer, once the chain before this filter is known. */
    SynonymFilterFactory(boolean graph, Environment env, String name, Settings settings, Supplier<SynonymsManagementAPIService> sets) {
        super(name, settings);
        this.graph = graph;
        this.environment = env;
        this.settings = settings;
        this.synonymSets = sets;
        this.expand = settings.getAsBoolean("expand", true);
        this.wordnet = "wordnet".equalsIgnoreCase(settings.get("format", "solr"));
        boolean updateable = settings.getAsBoolean("updateable", false);
        // Updateable filters may only be used in search analyzers, which _reload_search_analyzers can rebuild.
        this.mode = updateable ? AnalysisMode.SEARCH_TIME : AnalysisMode.ALL;
        this.lenient = settings.getAsBoolean("lenient", updateable);  // Elastic's default for indexes made by 8.x
        if (settings.hasValue("synonyms") == false && settings.hasValue("synonyms_path") == false && settings.hasValue("synonyms_set") == false) {
            throw new IllegalArgumentException("synonym requires either `synonyms`, `synonyms_set` or `synonyms_path` to be configured");
        }
        if (settings.hasValue("synonyms_set") && updateable == false) {
            throw new IllegalArgumentException("Can't apply [synonyms_set]! Loading synonyms from index is supported only for search time synonyms!");
        }
    }

    @Override
    public AnalysisMode getAnalysisMode() {
        return mode;
    }

    /** Never called for a chain: the server asks for {@link #getChainAwareTokenFilterFactory} first. */
    @Override
    public TokenStream create(TokenStream stream) {
        throw new IllegalStateException("a synonym filter is built for its analyzer chain first");
    }

    /** The filter for one analyzer: the rules go through the tokenizer and filters before this one, so they match its input. */
    @Override
    public TokenFilterFactory getChainAwareTokenFilterFactory(
        IndexCreationContext context,
        TokenizerFactory tokenizer,
        List<CharFilterFactory> charFilters,
        List<TokenFilterFactory> previousFilters,
        Function<String, TokenFilterFactory> allFilters
    ) {
        Analyzer ruleAnalyzer = new CustomAnalyzer(
            tokenizer,
            charFilters.toArray(new CharFilterFactory[0]),
            previousFilters.stream().map(TokenFilterFactory::getSynonymFilter).toArray(TokenFilterFactory[]::new)
        );
        SynonymMap synonyms = parse(ruleAnalyzer, rules(context));
        String name = name();
        String resource = settings.get("synonyms_set", settings.get("synonyms_path"));
        return new TokenFilterFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TokenStream create(TokenStream stream) {
                if (synonyms.fst == null) {
                    return stream;  // no rules (yet): Lucene's filters refuse an empty map
                }
                return graph ? new SynonymGraphFilter(stream, synonyms, false) : new SynonymFilter(stream, synonyms, false);
            }

            @Override
            public TokenFilterFactory getSynonymFilter() {
                return IDENTITY_FILTER;  // a later synonym filter's rules must not be expanded by this one
            }

            @Override
            public AnalysisMode getAnalysisMode() {
                return mode;
            }

            @Override
            public String getResourceName() {
                return resource;  // lets _reload_search_analyzers?resource=... pick this filter
            }
        };
    }

    /** The rule text from whichever of synonyms, synonyms_set and synonyms_path is set (in that order, as Elastic does). */
    private Reader rules(IndexCreationContext context) {
        if (settings.hasValue("synonyms")) {
            return new StringReader(String.join("\n", settings.getAsList("synonyms")));
        }
        if (settings.hasValue("synonyms_set")) {
            // Like Elastic: no blocking read of the .synonyms index while the master creates the index; the shard
            // rebuilds its search analyzers with RELOAD_ANALYZERS when it starts, and then reads the set.
            if (context != IndexCreationContext.RELOAD_ANALYZERS) {
                return new StringReader("");
            }
            return Analysis.getReaderFromIndex(settings.get("synonyms_set"), synonymSets.get(), lenient);
        }
        return Analysis.getReaderFromFile(environment, settings.get("synonyms_path"), "synonyms");
    }

    /** The synonym map, or a clear error naming this filter. */
    private SynonymMap parse(Analyzer ruleAnalyzer, Reader rules) {
        try {
            SynonymMap.Parser parser = wordnet
                ? new LenientWordnet(expand, lenient, ruleAnalyzer)
                : new LenientSolr(expand, lenient, ruleAnalyzer);
            parser.parse(rules);
            return parser.build();
        } catch (Exception e) {
            throw new IllegalArgumentException("failed to build synonyms for [" + name() + "]: " + e.getMessage(), e);
        }
    }

    /** One call of a parser's own analysis, which throws when a rule word analyses to nothing. */
    private interface StrictAnalysis {
        CharsRef apply(String text, CharsRefBuilder reuse) throws IOException;
    }

    /** Lenient parsing: a rule word that the chain analyses to nothing (a stop word, say) drops that mapping, not the index. */
    private static CharsRef orEmpty(StrictAnalysis strict, String text, CharsRefBuilder reuse) throws IOException {
        try {
            return strict.apply(text, reuse);
        } catch (IllegalArgumentException e) {
            reuse.clear();
            return reuse.get();
        }
    }

    /** Solr format ("a, b" and "a => b"), skipping mappings with an empty side when lenient. */
    private static final class LenientSolr extends SolrSynonymParser {
        private final boolean lenient;

        LenientSolr(boolean expand, boolean lenient, Analyzer analyzer) {
            super(true, expand, analyzer);
            this.lenient = lenient;
        }

        @Override
        public CharsRef analyze(String text, CharsRefBuilder reuse) throws IOException {
            return lenient ? orEmpty(super::analyze, text, reuse) : super.analyze(text, reuse);
        }

        @Override
        public void add(CharsRef input, CharsRef output, boolean includeOrig) {
            if (lenient == false || (input.length > 0 && output.length > 0)) {
                super.add(input, output, includeOrig);
            }
        }
    }

    /** WordNet prolog format ("format": "wordnet"), with the same leniency. */
    private static final class LenientWordnet extends WordnetSynonymParser {
        private final boolean lenient;

        LenientWordnet(boolean expand, boolean lenient, Analyzer analyzer) {
            super(true, expand, analyzer);
            this.lenient = lenient;
        }

        @Override
        public CharsRef analyze(String text, CharsRefBuilder reuse) throws IOException {
            return lenient ? orEmpty(super::analyze, text, reuse) : super.analyze(text, reuse);
        }

        @Override
        public void add(CharsRef input, CharsRef output, boolean includeOrig) {
            if (lenient == false || (input.length > 0 && output.length > 0)) {
                super.add(input, output, includeOrig);
            }
        }
    }
}
