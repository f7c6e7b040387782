package kb.es.plugin;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.apache.lucene.analysis.core.LowerCaseFilter;
import org.apache.lucene.analysis.el.GreekLowerCaseFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.ga.IrishLowerCaseFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.tr.TurkishLowerCaseFilter;
import org.apache.lucene.util.SetOnce;
import org.elasticsearch.action.ActionRequest;
import org.elasticsearch.action.ActionResponse;
import org.elasticsearch.cluster.metadata.IndexNameExpressionResolver;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.io.stream.NamedWriteableRegistry;
import org.elasticsearch.common.settings.ClusterSettings;
import org.elasticsearch.common.settings.IndexScopedSettings;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.settings.SettingsFilter;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.elasticsearch.index.analysis.PreConfiguredTokenFilter;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.mapper.Mapper;
import org.elasticsearch.index.mapper.TextFieldMapper;
import org.elasticsearch.index.reindex.DeleteByQueryAction;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.MapperPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.RestController;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.synonyms.SynonymsManagementAPIService;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What the project uses from Elastic's modules that are not published to Maven Central for 8.x: analysis-common's
 * filters, reindex's _delete_by_query, rest-root's GET / and (for the synonyms API) mapper-extras' match_only_text,
 * under the same names and with the same parameters, so that the same requests and index settings work here and on
 * a stock server.
 */
public class KbNodePlugin extends Plugin implements AnalysisPlugin, ActionPlugin, MapperPlugin {

    /** Reads synonyms sets (PUT _synonyms/...) for filters with synonyms_set; the node hands us its client late. */
    private final SetOnce<SynonymsManagementAPIService> synonymSets = new SetOnce<>();
    /** Names the node and cluster for GET /. */
    private final SetOnce<ClusterService> clusterService = new SetOnce<>();

    /** Keeps what the filters and handlers need from the running node. */
    @Override
    public Collection<?> createComponents(PluginServices services) {
        synonymSets.set(new SynonymsManagementAPIService(services.client()));
        clusterService.set(services.clusterService());
        return List.of();
    }

    /**
     * match_only_text, which the server's own .synonyms index maps its rules with, as a plain text field: it indexes
     * positions that match_only_text saves, and finds exactly the same documents.
     */
    @Override
    public Map<String, Mapper.TypeParser> getMappers() {
        return Map.of("match_only_text", TextFieldMapper.PARSER);
    }

    /** The delete-by-query action, which the server's synonyms API calls too. */
    @Override
    public List<ActionHandler<? extends ActionRequest, ? extends ActionResponse>> getActions() {
        return List.of(new ActionHandler<>(DeleteByQueryAction.INSTANCE, TransportDeleteByQuery.class));
    }

    /** GET / and POST /{index}/_delete_by_query. */
    @Override
    public Collection<RestHandler> getRestHandlers(
        Settings settings,
        NamedWriteableRegistry namedWriteableRegistry,
        RestController restController,
        ClusterSettings clusterSettings,
        IndexScopedSettings indexScopedSettings,
        SettingsFilter settingsFilter,
        IndexNameExpressionResolver indexNameExpressionResolver,
        Supplier<DiscoveryNodes> nodesInCluster,
        Predicate<NodeFeature> clusterSupportsFeature
    ) {
        return List.of(new RestRoot(clusterService::get), new RestDeleteByQuery());
    }

    /** Filter types that an index defines with parameters ({"type": "stemmer", "language": "english"}). */
    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
            "stemmer", (index, env, name, settings) -> StemmerFilters.factory(name, settings),
            "porter_stem", (index, env, name, settings) -> filter(name, false, PorterStemFilter::new),
            "kstem", (index, env, name, settings) -> filter(name, false, KStemFilter::new),
            "lowercase", (index, env, name, settings) -> filter(name, true, lowercase(settings.get("language"))),
            "asciifolding", (index, env, name, settings) -> asciiFolding(name, settings),
            "flatten_graph", (index, env, name, settings) -> filter(name, false, FlattenGraphFilter::new),
            // Without rules a synonym filter means nothing, so the server must not make a default instance of it.
            "synonym", AnalysisPlugin.requiresAnalysisSettings((index, env, name, settings) -> synonyms(false, env, name, settings)),
            "synonym_graph", AnalysisPlugin.requiresAnalysisSettings((index, env, name, settings) -> synonyms(true, env, name, settings))
        );
    }

    /** Filters used by name alone in a chain ("filter": ["asciifolding"]); "lowercase" is already built into the server. */
    @Override
    public List<PreConfiguredTokenFilter> getPreConfiguredTokenFilters() {
        return List.of(
            PreConfiguredTokenFilter.singleton("porter_stem", false, PorterStemFilter::new),
            PreConfiguredTokenFilter.singleton("kstem", false, KStemFilter::new),
            PreConfiguredTokenFilter.singleton("asciifolding", true, ASCIIFoldingFilter::new),
            PreConfiguredTokenFilter.singleton("flatten_graph", false, false, FlattenGraphFilter::new)
        );
    }

    /** A synonym (graph) filter that can read synonyms sets through the node's client. */
    private TokenFilterFactory synonyms(boolean graph, Environment env, String name, Settings settings) {
        return new SynonymFilterFactory(graph, env, name, settings, synonymSets::get);
    }

    /** lowercase with an optional language, as in analysis-common (greek, irish, turkish; anything else is plain). */
    private static Function<TokenStream, TokenStream> lowercase(String language) {
        if (language == null) {
            return LowerCaseFilter::new;
        }
        return switch (language) {
            case "greek" -> GreekLowerCaseFilter::new;
            case "irish" -> IrishLowerCaseFilter::new;
            case "turkish" -> TurkishLowerCaseFilter::new;
            default -> throw new IllegalArgumentException("unknown lowercase language [" + language + "]");
        };
    }

    /** asciifolding; preserve_original keeps the accented token too, but normalizers (keywords) always fold. */
    private static TokenFilterFactory asciiFolding(String name, Settings settings) {
        boolean preserve = settings.getAsBoolean("preserve_original", false);
        return new NormalizingTokenFilterFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TokenStream create(TokenStream stream) {
                return new ASCIIFoldingFilter(stream, preserve);
            }

            @Override
            public TokenStream normalize(TokenStream stream) {
                return new ASCIIFoldingFilter(stream, false);  // a keyword must come out as one token
            }
        };
    }

    /** A parameterless filter; normalizing ones may also be used in keyword normalizers and multi-term queries. */
    static TokenFilterFactory filter(String name, boolean normalizing, Function<TokenStream, TokenStream> create) {
        if (normalizing) {
            return new NormalizingTokenFilterFactory() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public TokenStream create(TokenStream stream) {
                    return create.apply(stream);
                }
            };
        }
        return new TokenFilterFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TokenStream create(TokenStream stream) {
                return create.apply(stream);
            }
        };
    }
}
