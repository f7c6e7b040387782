"""How the engine connects to a secured cluster: an API key, a user and password in the URL, TLS with our own CA.

The development node has no security layer (x-pack is not published), so these run against a small HTTPS server
on loopback that answers as Elasticsearch does and records what it was sent.
"""

import json
import shutil
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from django.test import override_settings

from search.engines import _engine_for, get_engine
from search.engines.base import SearchUnavailable
from search.engines.elastic import ElasticsearchEngine
from search.query import Query
from search.request import SearchRequest

pytestmark = pytest.mark.django_db
EMPTY = {
    "took": 1,
    "timed_out": False,
    "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
    "hits": {"total": {"value": 0, "relation": "eq"}, "hits": []},
}


class Recorder(BaseHTTPRequestHandler):
    """Answers every request with an empty search result, as Elasticsearch would, and keeps its headers."""

    seen: ClassVar[list] = []

    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length") or 0))
        self.seen.append({name.lower(): value for name, value in self.headers.items()})
        body = json.dumps(EMPTY).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("x-elastic-product", "Elasticsearch")  # the client refuses any other product
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    """A private CA and a certificate it signed for 127.0.0.1, made with openssl."""
    if not shutil.which("openssl"):
        pytest.skip("needs the openssl command (apt-get install openssl)")
    folder = tmp_path_factory.mktemp("tls")

    def openssl(*args):
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)

    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=kb test CA",
            "-keyout", "ca.key", "-out", "ca.pem")  # fmt: skip
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", "node.key", "-out", "node.csr")
    (folder / "san.ext").write_text("subjectAltName = IP:127.0.0.1\n")
    openssl("x509", "-req", "-in", "node.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
            "-extfile", "san.ext", "-out", "node.pem")  # fmt: skip
    return folder


@pytest.fixture
def https_node(certificates):
    """The address of an HTTPS server with the CA-signed certificate, and the headers of what it received."""
    Recorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificates / "node.pem", certificates / "node.key")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}", Recorder.seen
    server.shutdown()
    server.server_close()


def search(engine: ElasticsearchEngine):
    return engine.search(SearchRequest(), Query())


def test_an_api_key_and_our_ca_reach_a_tls_cluster(https_node, certificates):
    url, seen = https_node
    engine = ElasticsearchEngine(url, prefix="kbtest", api_key="aWQ6a2V5", ca_certs=str(certificates / "ca.pem"))
    assert search(engine).total == 0
    assert seen[-1]["authorization"] == "ApiKey aWQ6a2V5"


def test_a_user_and_password_in_the_url_are_sent_as_basic_auth(https_node, certificates):
    url, seen = https_node
    engine = ElasticsearchEngine(url.replace("https://", "https://kb:s3cret@"), ca_certs=str(certificates / "ca.pem"))
    search(engine)
    assert seen[-1]["authorization"] == "Basic a2I6czNjcmV0"  # base64 of kb:s3cret


def test_a_certificate_from_an_unknown_ca_is_refused(https_node):
    url, seen = https_node
    with pytest.raises(SearchUnavailable, match="CERTIFICATE_VERIFY_FAILED"):
        search(ElasticsearchEngine(url, prefix="kbtest", timeout=2))
    assert seen == []


def test_a_ca_file_that_does_not_exist_is_named_in_the_error(https_node, tmp_path):
    url, _ = https_node
    with pytest.raises(SearchUnavailable, match="ELASTICSEARCH_CA_CERTS .*missing.pem is not a file"):
        search(ElasticsearchEngine(url, ca_certs=str(tmp_path / "missing.pem")))


def test_the_settings_reach_the_engine(https_node, certificates):
    url, seen = https_node
    settings = {
        "ELASTICSEARCH_URL": url,
        "ELASTICSEARCH_API_KEY": "a2V5",
        "ELASTICSEARCH_CA_CERTS": str(certificates / "ca.pem"),
    }
    with override_settings(**settings):
        engine = get_engine()
        search(engine)
    _engine_for.cache_clear()
    assert seen[-1]["authorization"] == "ApiKey a2V5"
