from django.urls import path

from . import views
from .feeds import LatestReviewsFeed

urlpatterns = [
    path("themes/", views.theme_index, name="theme-index"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme-detail"),
    path("insights/", views.insights, name="insights"),
    path("reviews/feed/", LatestReviewsFeed(), name="review-feed"),
]
