package kb.es.plugin;

import org.elasticsearch.action.bulk.BulkItemResponse;
import org.elasticsearch.action.bulk.BulkRequest;
import org.elasticsearch.action.bulk.BulkResponse;
import org.elasticsearch.action.delete.DeleteRequest;
import org.elasticsearch.action.search.ClearScrollRequest;
import org.elasticsearch.action.search.SearchRequest;
import org.elasticsearch.action.search.SearchResponse;
import org.elasticsearch.action.search.SearchScrollRequest;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.common.Strings;
import org.elasticsearch.common.document.DocumentField;
import org.elasticsearch.core.TimeValue;
import org.elasticsearch.index.query.AbstractQueryBuilder;
import org.elasticsearch.index.query.QueryBuilder;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.search.SearchHit;
import org.elasticsearch.search.builder.SearchSourceBuilder;
import org.elasticsearch.xcontent.ToXContent;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentParser;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * POST /{index}/_delete_by_query, which Elastic ships in its reindex module: the documents matching a query, as
 * a scroll saw them, are deleted in bulk, each only if unchanged since (a changed one is a version conflict,
 * counted, and with conflicts=abort it stops the request). Synchronous only; no slices, throttling or tasks.
 */
final class RestDeleteByQuery extends BaseRestHandler {

    private static final TimeValue SCROLL_KEEP_ALIVE = TimeValue.timeValueMinutes(5);

    @Override
    public String getName() {
        return "kb_delete_by_query_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.POST, "/{index}/_delete_by_query"));
    }

    /** Reads the request now (so bad input is a 400 at once), then runs it off the network thread. */
    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws IOException {
        String[] indices = Strings.splitStringByCommaToArray(request.param("index"));
        String conflicts = request.param("conflicts", "abort");
        if (Set.of("abort", "proceed").contains(conflicts) == false) {
            throw new IllegalArgumentException("conflicts may only be \"proceed\" or \"abort\" but was [" + conflicts + "]");
        }
        if (request.paramAsBoolean("wait_for_completion", true) == false) {
            throw new IllegalArgumentException("wait_for_completion=false is not supported by this development node");
        }
        boolean refresh = request.paramAsBoolean("refresh", false);
        int batchSize = request.paramAsInt("scroll_size", 1000);
        int maxDocs = request.paramAsInt("max_docs", -1);
        QueryBuilder query = null;
        if (request.hasContentOrSourceParam()) {
            try (XContentParser parser = request.contentOrSourceParamParser()) {
                parser.nextToken();
                while (parser.nextToken() == XContentParser.Token.FIELD_NAME) {
                    String field = parser.currentName();
                    parser.nextToken();
                    switch (field) {
                        case "query" -> query = AbstractQueryBuilder.parseTopLevelQuery(parser);
                        case "max_docs" -> maxDocs = parser.intValue();
                        default -> throw new IllegalArgumentException("[_delete_by_query] on this development node does not support [" + field + "]");
                    }
                }
            }
        }
        if (query == null) {
            throw new IllegalArgumentException("[_delete_by_query] needs a query in its body");
        }
        Job job = new Job(client, indices, query, conflicts.equals("proceed"), refresh, batchSize, maxDocs);
        // The scroll and bulk calls below block, which the network thread must never do: run on the generic pool.
        return channel -> client.threadPool().generic().execute(client.threadPool().getThreadContext().preserveContext(() -> {
            try {
                channel.sendResponse(job.run(channel.newBuilder()));
            } catch (Exception e) {
                try {
                    channel.sendResponse(new RestResponse(channel, e));
                } catch (IOException inner) {
                    e.addSuppressed(inner);
                }
            }
        }));
    }

    /** One delete-by-query: its parameters and its running counts. */
    private static final class Job {
        private final NodeClient client;
        private final String[] indices;
        private final QueryBuilder query;
        private final boolean proceedOnConflict;
        private final boolean refresh;
        private final int batchSize;
        private final int maxDocs;
        private final List<BulkItemResponse.Failure> failures = new ArrayList<>();
        private long total, deleted, conflicts, batches;

        Job(NodeClient client, String[] indices, QueryBuilder query, boolean proceed, boolean refresh, int batchSize, int maxDocs) {
            this.client = client;
            this.indices = indices;
            this.query = query;
            this.proceedOnConflict = proceed;
            this.refresh = refresh;
            this.batchSize = batchSize;
            this.maxDocs = maxDocs;
        }

        /** Scrolls through the matches, deletes each batch, refreshes if asked, and answers like Elasticsearch does. */
        RestResponse run(XContentBuilder body) throws IOException {
            long started = System.nanoTime();
            SearchSourceBuilder source = new SearchSourceBuilder().query(query)
                .size(maxDocs > 0 ? Math.min(batchSize, maxDocs) : batchSize)
                .sort("_doc")  // index order: the cheapest way through every match
                .seqNoAndPrimaryTerm(true)  // so a delete only removes the version that matched
                .storedField("_routing");  // also leaves _source out
            SearchResponse page = client.search(new SearchRequest(indices).source(source).scroll(SCROLL_KEEP_ALIVE)).actionGet();
            String scrollId = page.getScrollId();
            try {
                while (page.getHits().getHits().length > 0 && deleteBatch(page.getHits().getHits())) {
                    page.decRef();
                    page = client.searchScroll(new SearchScrollRequest(scrollId).scroll(SCROLL_KEEP_ALIVE)).actionGet();
                    scrollId = page.getScrollId();
                }
            } finally {
                page.decRef();
                if (scrollId != null) {
                    ClearScrollRequest clear = new ClearScrollRequest();
                    clear.addScrollId(scrollId);
                    client.clearScroll(clear).actionGet();
                }
            }
            if (refresh) {
                client.admin().indices().prepareRefresh(indices).get();
            }
            return respond(body, (System.nanoTime() - started) / 1_000_000);
        }

        /** Deletes one batch of hits; false when the job must stop (max_docs reached, or a failure). */
        private boolean deleteBatch(SearchHit[] hits) {
            BulkRequest bulk = new BulkRequest();
            for (SearchHit hit : hits) {
                if (maxDocs > 0 && total == maxDocs) {
                    break;
                }
                total++;
                DocumentField routing = hit.field("_routing");
                bulk.add(
                    new DeleteRequest(hit.getIndex(), hit.getId()).setIfSeqNo(hit.getSeqNo())
                        .setIfPrimaryTerm(hit.getPrimaryTerm())
                        .routing(routing == null ? null : routing.getValue())
                );
            }
            if (bulk.numberOfActions() == 0) {
                return false;
            }
            batches++;
            BulkResponse response = client.bulk(bulk).actionGet();
            for (BulkItemResponse item : response.getItems()) {
                if (item.isFailed() == false) {
                    deleted++;
                } else if (item.getFailure().getStatus() == RestStatus.CONFLICT) {
                    conflicts++;
                    if (proceedOnConflict == false) {
                        failures.add(item.getFailure());
                    }
                } else {
                    failures.add(item.getFailure());
                }
            }
            return failures.isEmpty() && (maxDocs < 0 || total < maxDocs);
        }

        /** The response body of Elastic's delete-by-query, with the fields that cannot apply here at their idle values. */
        private RestResponse respond(XContentBuilder body, long tookMillis) throws IOException {
            body.startObject()
                .field("took", tookMillis)
                .field("timed_out", false)
                .field("total", total)
                .field("deleted", deleted)
                .field("batches", batches)
                .field("version_conflicts", conflicts)
                .field("noops", 0)
                .startObject("retries")
                .field("bulk", 0)
                .field("search", 0)
                .endObject()
                .field("throttled_millis", 0)
                .field("requests_per_second", -1.0)
                .field("throttled_until_millis", 0)
                .startArray("failures");
            RestStatus status = RestStatus.OK;
            for (BulkItemResponse.Failure failure : failures) {
                body.startObject();
                failure.toXContent(body, ToXContent.EMPTY_PARAMS);
                body.endObject();
                status = failure.getStatus().getStatus() > status.getStatus() ? failure.getStatus() : status;
            }
            body.endArray().endObject();
            return new RestResponse(status, body);
        }
    }
}
