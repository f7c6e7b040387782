"""The load profile for `make load`: practitioners searching through the API and reading review pages."""

import random

from locust import HttpUser, between, task

QUERIES = [
    "neglect",
    "bruising in babies",
    "NAI",
    "domestic abuse",
    "was not brought",
    "cot death",
    "FGM",
    "self-neglect",
    "county lines",
    "information sharing",
    "professional curiosity",
    "toxic trio",
]
THEMES = ["neglect", "domestic-abuse", "self-neglect", "bruising-non-mobile-infants", "information-sharing"]


class Practitioner(HttpUser):
    wait_time = between(0.5, 2)

    def on_start(self):
        self.random = random.Random(self.environment.runner.user_count if self.environment.runner else 0)
        reviews = self.client.get("/api/v2/pages/?type=reviews.ReviewPage&limit=20", name="/api/v2/pages/")
        self.review_urls = [
            item["meta"]["html_url"].split("://", 1)[-1].split("/", 1)[-1] for item in reviews.json()["items"]
        ]

    @task(4)
    def search_api(self):
        self.client.get("/api/search/", params={"q": self.random.choice(QUERIES)}, name="/api/search/?q=")

    @task(2)
    def search_api_with_theme(self):
        params = {"q": self.random.choice(QUERIES[:6]), "theme": self.random.choice(THEMES)}
        self.client.get("/api/search/", params=params, name="/api/search/?q=&theme=")

    @task(3)
    def review_page(self):
        self.client.get("/" + self.random.choice(self.review_urls), name="/reviews/<review>/")
