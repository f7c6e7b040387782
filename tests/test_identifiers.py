"""The identifier patterns take time in proportion to the text, whatever the text (a hostile query or report)."""

import re

import pytest

import kb.identifiers
from kb.identifiers import find_identifiers

PATTERNS = {name: value for name, value in vars(kb.identifiers).items() if isinstance(value, re.Pattern)}
# The longest text any one match attempt may examine: every quantifier is bounded, so scanning a text of n
# characters tries at most n starting points of at most this many characters each.
LONGEST_MATCH = 700


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_every_pattern_has_a_bounded_match_length(name):
    pattern = PATTERNS[name]
    _, longest = re._parser.parse(pattern.pattern, pattern.flags).getwidth()
    assert longest <= LONGEST_MATCH, f"{name} can match {longest} characters: bound its quantifiers"


@pytest.mark.parametrize("text", ["%" * 80_000, "a" * 80_000, "0" * 80_000, "born " + " " * 80_000, "a." * 40_000])
def test_long_hostile_runs_find_nothing(text):
    assert find_identifiers(text) == []


def test_an_email_address_of_legal_length_is_still_found():
    address = f"{'a' * 64}@{'b' * 63}.example.org"
    assert find_identifiers(f"Write to {address} today.") == [("email address", address)]
