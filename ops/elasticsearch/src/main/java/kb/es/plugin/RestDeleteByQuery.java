package kb.es.plugin;

import org.elasticsearch.action.bulk.BulkItemResponse;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.common.Strings;
import org.elasticsearch.index.query.AbstractQueryBuilder;
import org.elasticsearch.index.reindex.BulkByScrollResponse;
import org.elasticsearch.index.reindex.DeleteByQueryAction;
import org.elasticsearch.index.reindex.DeleteByQueryRequest;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.rest.action.RestBuilderListener;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentParser;

import java.io.IOException;
import java.util.List;

/** POST /{index}/_delete_by_query, as Elastic's reindex module parses and answers it; see {@link TransportDeleteByQuery}. */
final class RestDeleteByQuery extends BaseRestHandler {

    @Override
    public String getName() {
        return "kb_delete_by_query_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.POST, "/{index}/_delete_by_query"));
    }

    /** Reads the parameters and the body ({"query": ..., "max_docs": n}); anything else is refused, not ignored. */
    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws IOException {
        DeleteByQueryRequest delete = new DeleteByQueryRequest(Strings.splitStringByCommaToArray(request.param("index")));
        delete.setConflicts(request.param("conflicts", "abort"));
        delete.setRefresh(request.paramAsBoolean("refresh", false));
        delete.setBatchSize(request.paramAsInt("scroll_size", delete.getBatchSize()));
        if (request.hasParam("max_docs")) {
            delete.setMaxDocs(request.paramAsInt("max_docs", -1));
        }
        if (request.paramAsBoolean("wait_for_completion", true) == false) {
            throw new IllegalArgumentException("wait_for_completion=false is not supported by this development node");
        }
        if (request.hasContentOrSourceParam() == false) {
            throw new IllegalArgumentException("[_delete_by_query] needs a body with a query");
        }
        try (XContentParser parser = request.contentOrSourceParamParser()) {
            parser.nextToken();
            while (parser.nextToken() == XContentParser.Token.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "query" -> delete.setQuery(AbstractQueryBuilder.parseTopLevelQuery(parser));
                    case "max_docs" -> delete.setMaxDocs(parser.intValue());
                    default -> throw new IllegalArgumentException("[_delete_by_query] on this development node does not support [" + field + "]");
                }
            }
        }
        return channel -> client.execute(DeleteByQueryAction.INSTANCE, delete, new RestBuilderListener<BulkByScrollResponse>(channel) {
            /** The server's own rendering; the status is the worst failure's, as Elasticsearch answers. */
            @Override
            public RestResponse buildResponse(BulkByScrollResponse response, XContentBuilder body) throws Exception {
                body.startObject();
                response.toXContent(body, channel.request());
                body.endObject();
                RestStatus status = RestStatus.OK;
                for (BulkItemResponse.Failure failure : response.getBulkFailures()) {
                    status = failure.getStatus().getStatus() > status.getStatus() ? failure.getStatus() : status;
                }
                return new RestResponse(status, body);
            }
        });
    }
}
