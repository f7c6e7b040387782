"""The benchmark (issue #7): a synthetic corpus generator and a runner. Never part of `make test`."""
