"""Name search in Vietnamese given-name order that stays fast on a national register.

A page of results is the first matches in (sort_key, id) order. Sorting every match is too slow for a
common word ("nguyen": 38% of all members), and walking the whole sort index is too slow when the matches
cluster late in the order (the given name "Yến"). NameWord lists, for every word, its members in sort
order, so the search drives from its rarest word:

- the rarest typed word (the last one counts as a prefix: all words that start with it, merged in order)
  is found with capped index-only counts;
- its members are walked in sort order in batches, each batch checked against the whole query (filters
  and scope included), until the page is full or the word runs out. Walking the rarest word either ends
  soon (it is rare) or fills the page soon (every word is common and so are the matches);
- when a short walk does neither (the words are common but rare together, "nguyen thi xuan"), or no walk
  is tried because the scope or filters keep a small part of the register: up to SEARCH_CAP matches are
  fetched unordered (PostgreSQL intersects its full-text index with the organisation-path index) and
  sorted here, the sort key being ASCII so that Python's order is the database's;
- more matches than that, common and clustered: the database walks its sort index for a bounded time,
  then sorts the matches itself.
"""

import heapq
from collections.abc import Iterator

from django.db import connection

from dangbo.rules.text import search_key

from .models import Member, NameWord

BATCH = 1000  # walk step, in driving-word rows
MAX_WALK = 5  # batches streamed before fetching the matches unordered
COUNT_CAP = MAX_WALK * BATCH  # a word with more members than a walk covers is simply "common"
SEARCH_CAP = 10000
CHECK_GROUP = 200
PREFIX_WORDS = 200  # distinct words a prefix may stand for before it stops being a useful driver
FULL_NAME_WORDS = 3  # typed words from which a common driving word is not walked first
END = "{"  # after every [a-z0-9] character: [p, p + END) is "starts with p"


def name_words(search_name: str) -> list[str]:
    return sorted({w[:40] for w in search_name.split() if w})


def index_member(member: Member):
    """Re-index one member's name (called by the actions whenever the name may have changed)."""
    NameWord.objects.filter(member=member).delete()
    NameWord.objects.bulk_create(
        NameWord(member=member, word=w, sort_key=member.sort_key, search_name=member.search_name)
        for w in name_words(member.search_name))


def index_names(min_id: int | None = None, max_id: int | None = None, batch: int = 20000):
    """Rebuild NameWord for a range of member ids, after bulk loads (demo, seed, restore of old backups)."""
    members = Member.objects.all()
    if min_id is not None:
        members = members.filter(id__gte=min_id)
    if max_id is not None:
        members = members.filter(id__lte=max_id)
    NameWord.objects.filter(member__in=members.values("id")).delete()
    if connection.vendor == "postgresql":
        where, params = members.values("id").query.sql_with_params()
        with connection.cursor() as cur:
            cur.execute(
                "INSERT INTO members_nameword (word, sort_key, search_name, member_id) "
                "SELECT DISTINCT left(w, 40), m.sort_key, m.search_name, m.id FROM members_member m, "
                "unnest(string_to_array(m.search_name, ' ')) AS w "
                f"WHERE w <> '' AND m.id IN ({where})", params)
        return
    rows = []
    for pk, name, key in members.values_list("id", "search_name", "sort_key").iterator(chunk_size=batch):
        rows.extend(NameWord(member_id=pk, word=w, sort_key=key, search_name=name) for w in name_words(name))
        if len(rows) >= batch:
            NameWord.objects.bulk_create(rows)
            rows = []
    NameWord.objects.bulk_create(rows)


# -- choosing the driving word ------------------------------------------------------------------------------
def _count(qs) -> int:
    return qs.values("member_id")[:COUNT_CAP].count()  # index-only, and stops at the cap


def _prefix_words(prefix: str) -> list[str] | None:
    """Distinct words starting with `prefix`, by hopping through the index (a loose index scan)."""
    words, last = [], prefix
    qs = NameWord.objects.filter(word__lt=prefix + END).order_by("word").values_list("word", flat=True)
    first = qs.filter(word__gte=prefix).first()
    while first is not None:
        words.append(first)
        if len(words) > PREFIX_WORDS:
            return None
        last = first
        first = qs.filter(word__gt=last).first()
    return words


def _driver(tokens: list[str]) -> tuple[int, list[str]] | None:
    """The word list (one word, or all words of a prefix) with the fewest members, and that number (capped).

    On a tie at the count cap the prefix wins: the last word typed is usually the given name, whose
    matches sit together in the sort order, while the family and middle names spread evenly over it.
    """
    options: list[tuple[int, int, list[str]]] = []
    for tok in tokens[:-1]:
        options.append((_count(NameWord.objects.filter(word=tok)), 1, [tok]))
    last = tokens[-1]
    words = _prefix_words(last)
    if words is not None:
        options.append((_count(NameWord.objects.filter(word__gte=last, word__lt=last + END)), 0, words))
    if not options:
        return None
    count, _, words = min(options, key=lambda o: (o[0], o[1]))
    return count, words


# -- walking the driving word in sort order --------------------------------------------------------------------
def _stream(word: str, pos) -> Iterator[tuple[str, int, str]]:
    qs = NameWord.objects.filter(word=word)
    if pos:
        qs = qs.filter(sort_key__gte=pos[0])
    last, step = None, 100  # small first bites: a prefix may stand for many words, most barely read
    while True:
        page = qs
        if last:
            page = page.filter(sort_key__gte=last[0]).exclude(sort_key=last[0], member_id__lte=last[1])
        rows = list(page.order_by("sort_key", "member_id").values_list("sort_key", "member_id", "search_name")
                    [:step])
        for r in rows:
            if not pos or r[:2] > tuple(pos):
                yield r
        if len(rows) < step:
            return
        last, step = rows[-1], min(step * 4, BATCH)


def _merged(words: list[str], pos) -> Iterator[tuple[str, int, str]]:
    seen = set()
    for r in heapq.merge(*(_stream(w, pos) for w in words)):
        if r[1] not in seen:  # a name may hold two words with the prefix
            seen.add(r[1])
            yield r


def search_ids(qs, text: str, pos, size: int, walk: bool = True) -> list[int] | None:
    """Ids of the next size+1 matches of `qs` (already filtered by the words and every other filter) after
    `pos`, in (sort_key, id) order; None when the plain ordered query is the way."""
    tokens = search_key(text).split()
    if not tokens:
        return None
    after = qs if not pos else qs.filter(sort_key__gte=pos[0]).exclude(sort_key=pos[0], id__lte=pos[1])

    def unordered() -> list[int] | None:
        keys = list(after.order_by().values_list("sort_key", "id")[: SEARCH_CAP + 1])
        return [pk for _, pk in sorted(keys)[: size + 1]] if len(keys) <= SEARCH_CAP else None

    driver = _driver(tokens) if walk else None
    tried = False
    if driver and len(tokens) >= FULL_NAME_WORDS and driver[0] >= COUNT_CAP:
        # A whole name of common words ("nguyen dinh an"): each word is common, the three together are rare, so
        # a walk would read its batches and give up; the conjunction is fetched first, the walk is the fallback.
        found, tried = unordered(), True
        if found is not None:
            return found
    if driver:
        walked = _walk(qs, tokens, driver[1], pos, size)
        if walked is not None:
            return walked
    if tried:
        return None
    return unordered()


def _matches(tokens: list[str]):
    exact, prefix = set(tokens[:-1]), tokens[-1]

    def ok(search_name: str) -> bool:
        words = search_name.split()
        return exact.issubset(words) and any(w.startswith(prefix) for w in words)

    return ok


def _walk(qs, tokens, words, pos, size) -> list[int] | None:
    """Walk the driving words in sort order; names are matched here, the rest of the query (status, scope,
    filters) is checked by the database only for the names that match."""
    ok = _matches(tokens)
    found: list[int] = []
    candidates: list[int] = []
    streamed = 0
    stream = _merged(words, pos)
    while True:
        r = next(stream, None)
        if r is not None:
            streamed += 1
            if ok(r[2]):
                candidates.append(r[1])
            # Check names in groups: a scoped search rejects most of them, one query per group.
            if len(candidates) < max(size + 1 - len(found), CHECK_GROUP) and streamed % BATCH:
                continue
        if candidates:
            passed = set(qs.filter(id__in=candidates).values_list("id", flat=True))
            found.extend(pk for pk in candidates if pk in passed)
            candidates = []
        if len(found) > size or r is None:
            return found[: size + 1]
        if streamed >= MAX_WALK * BATCH:
            return None
