package kb.es.plugin;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.tartarus.snowball.ext.EnglishStemmer;
import org.tartarus.snowball.ext.LovinsStemmer;

import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/** The "stemmer" filter type for the English languages, mapped to the same Lucene stemmers as analysis-common. */
final class StemmerFilters {

    private StemmerFilters() {}

    /** language (or its older name, "name") to stemmer; "english" is Porter, as in Elasticsearch. */
    private static final Map<String, Function<TokenStream, TokenStream>> ENGLISH = Map.of(
        "english", PorterStemFilter::new,
        "porter", PorterStemFilter::new,
        "light_english", KStemFilter::new,
        "kstem", KStemFilter::new,
        "minimal_english", EnglishMinimalStemFilter::new,
        "possessive_english", EnglishPossessiveFilter::new,
        "porter2", stream -> new SnowballFilter(stream, new EnglishStemmer()),
        "lovins", stream -> new SnowballFilter(stream, new LovinsStemmer())
    );

    /** The filter for this language; any other language fails loudly rather than silently not stemming. */
    static TokenFilterFactory factory(String name, Settings settings) {
        String language = settings.get("language", settings.get("name", "porter"));
        Function<TokenStream, TokenStream> stemmer = ENGLISH.get(language);
        if (stemmer == null) {
            throw new IllegalArgumentException(
                "stemmer language [" + language + "] is not in this development node; it knows " + new TreeSet<>(ENGLISH.keySet())
            );
        }
        return KbNodePlugin.filter(name, false, stemmer);
    }
}
