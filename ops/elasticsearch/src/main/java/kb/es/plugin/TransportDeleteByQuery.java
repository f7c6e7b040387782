package kb.es.plugin;

import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.ActionRunnable;
import org.elasticsearch.action.bulk.BulkItemResponse;
import org.elasticsearch.action.bulk.BulkRequest;
import org.elasticsearch.action.delete.DeleteRequest;
import org.elasticsearch.action.search.ClearScrollRequest;
import org.elasticsearch.action.search.SearchRequest;
import org.elasticsearch.action.search.SearchResponse;
import org.elasticsearch.action.search.SearchScrollRequest;
import org.elasticsearch.action.support.ActionFilters;
import org.elasticsearch.action.support.HandledTransportAction;
import org.elasticsearch.client.internal.Client;
import org.elasticsearch.common.document.DocumentField;
import org.elasticsearch.common.util.concurrent.EsExecutors;
import org.elasticsearch.core.TimeValue;
import org.elasticsearch.index.reindex.BulkByScrollResponse;
import org.elasticsearch.index.reindex.BulkByScrollTask;
import org.elasticsearch.index.reindex.DeleteByQueryAction;
import org.elasticsearch.index.reindex.DeleteByQueryRequest;
import org.elasticsearch.injection.guice.Inject;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.search.SearchHit;
import org.elasticsearch.tasks.Task;
import org.elasticsearch.threadpool.ThreadPool;
import org.elasticsearch.transport.TransportService;

import java.util.ArrayList;
import java.util.List;

/**
 * Delete-by-query, whose request and response classes are in the server but whose implementation is in Elastic's
 * unpublished reindex module. Used by POST /{index}/_delete_by_query and by the server's own synonyms API. The
 * matches, as one scroll saw them, are deleted in bulk, each only if unchanged since (a changed one is a version
 * conflict: counted, and fatal unless conflicts=proceed). One slice, no throttling, no retries.
 */
public class TransportDeleteByQuery extends HandledTransportAction<DeleteByQueryRequest, BulkByScrollResponse> {

    private final Client client;
    private final ThreadPool threadPool;

    /** Made by the node's injector when it registers the action. */
    @Inject
    public TransportDeleteByQuery(TransportService transportService, ActionFilters filters, Client client, ThreadPool threadPool) {
        super(DeleteByQueryAction.NAME, transportService, filters, DeleteByQueryRequest::new, EsExecutors.DIRECT_EXECUTOR_SERVICE);
        this.client = client;
        this.threadPool = threadPool;
    }

    /** Runs the job on the generic pool: its scroll and bulk calls block, which a network thread must never do. */
    @Override
    protected void doExecute(Task task, DeleteByQueryRequest request, ActionListener<BulkByScrollResponse> listener) {
        if (request.getSlices() > 1) {
            listener.onFailure(new IllegalArgumentException("this development node runs delete-by-query in one slice only"));
            return;
        }
        threadPool.generic().execute(ActionRunnable.supply(listener, () -> new Job(request).run()));
    }

    /** One delete-by-query and its running counts. */
    private final class Job {
        private final DeleteByQueryRequest request;
        private final List<BulkItemResponse.Failure> failures = new ArrayList<>();
        private long total, deleted, conflicts;
        private int batches;

        Job(DeleteByQueryRequest request) {
            this.request = request;
        }

        /** Scrolls through the matches, deletes each page, then refreshes if asked. */
        BulkByScrollResponse run() {
            long started = System.nanoTime();
            SearchRequest search = request.getSearchRequest();
            search.source()
                .sort("_doc")  // index order: the cheapest way through every match
                .seqNoAndPrimaryTerm(true)  // so that a delete removes only the version that matched
                .storedField("_routing");  // and no _source
            if (request.getMaxDocs() > 0) {
                search.source().size(Math.min(request.getBatchSize(), request.getMaxDocs()));
            }
            search.scroll(request.getScrollTime());
            SearchResponse page = client.search(search).actionGet();
            String scrollId = page.getScrollId();
            try {
                while (page.getHits().getHits().length > 0 && deletePage(page.getHits().getHits())) {
                    page.decRef();
                    page = null;
                    page = client.searchScroll(new SearchScrollRequest(scrollId).scroll(request.getScrollTime())).actionGet();
                    scrollId = page.getScrollId();
                }
            } finally {
                if (page != null) {
                    page.decRef();
                }
                ClearScrollRequest clear = new ClearScrollRequest();
                clear.addScrollId(scrollId);
                client.clearScroll(clear).actionGet();
            }
            if (request.isRefresh()) {
                client.admin().indices().prepareRefresh(search.indices()).setIndicesOptions(search.indicesOptions()).get();
            }
            TimeValue took = TimeValue.timeValueNanos(System.nanoTime() - started);
            var status = new BulkByScrollTask.Status(
                null, total, 0, 0, deleted, batches, conflicts, 0, 0, 0, TimeValue.ZERO, Float.POSITIVE_INFINITY, null, TimeValue.ZERO
            );
            return new BulkByScrollResponse(took, status, failures, List.of(), false);
        }

        /** Deletes one page of hits; false when the job must stop (max_docs reached, or a failure). */
        private boolean deletePage(SearchHit[] hits) {
            BulkRequest bulk = new BulkRequest();
            for (SearchHit hit : hits) {
                if (request.getMaxDocs() > 0 && total == request.getMaxDocs()) {
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
            for (BulkItemResponse item : client.bulk(bulk).actionGet().getItems()) {
                if (item.isFailed() == false) {
                    deleted++;
                } else if (item.getFailure().getStatus() == RestStatus.CONFLICT) {
                    conflicts++;
                    if (request.isAbortOnVersionConflict()) {
                        failures.add(item.getFailure());
                    }
                } else {
                    failures.add(item.getFailure());
                }
            }
            return failures.isEmpty() && (request.getMaxDocs() < 0 || total < request.getMaxDocs());
        }
    }
}
