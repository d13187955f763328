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
- when every typed word is common, their lists are first intersected in sort order, each list seeking past
  the stretch where another has no match ("pham an": the thousands of "Nguyễn … An" that sort before "Phạm
  An" are jumped over, not read); when that takes more than a few seeks the matches are few or spread out;
- when a short walk or the seeks end neither way (common words rare together, "nguyen thi xuan"), or no walk
  is tried because the scope or filters keep a small part of the register: up to SEARCH_CAP matches are
  fetched unordered (PostgreSQL intersects its full-text index with the organisation-path index) and
  sorted here, the sort key being ASCII so that Python's order is the database's;
- more matches than that, common and clustered: the database walks its sort index for a bounded time,
  then sorts the matches itself.
"""

import heapq
from bisect import bisect_left
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
    """Distinct words starting with `prefix`, by hopping through the index (a loose index scan), in one query:
    each step seeks the next word after the last one found."""
    table = NameWord._meta.db_table
    with connection.cursor() as cur:
        cur.execute(
            f"WITH RECURSIVE hop(word) AS ("
            f" SELECT (SELECT word FROM {table} WHERE word >= %s AND word < %s ORDER BY word LIMIT 1)"
            f" UNION ALL SELECT (SELECT n.word FROM {table} n WHERE n.word > hop.word AND n.word < %s"
            f" ORDER BY n.word LIMIT 1) FROM hop WHERE hop.word IS NOT NULL)"
            f" SELECT word FROM hop WHERE word IS NOT NULL LIMIT %s",
            [prefix, prefix + END, prefix + END, PREFIX_WORDS + 1])
        words = [w for (w,) in cur.fetchall()]
    return None if len(words) > PREFIX_WORDS else words


def _driver(tokens: list[str], prefix_words: list[str] | None) -> tuple[int, list[str]] | None:
    """The word list (one word, or all words of a prefix) with the fewest members, and that number (capped).

    On a tie at the count cap the prefix wins: the last word typed is usually the given name, whose
    matches sit together in the sort order, while the family and middle names spread evenly over it.
    """
    options: list[tuple[int, int, list[str]]] = []
    for tok in tokens[:-1]:
        options.append((_count(NameWord.objects.filter(word=tok)), 1, [tok]))
    last = tokens[-1]
    if prefix_words is not None:
        options.append((_count(NameWord.objects.filter(word__gte=last, word__lt=last + END)), 0, prefix_words))
    if not options:
        return None
    count, _, words = min(options, key=lambda o: (o[0], o[1]))
    return count, words


def expand_prefix(key: str) -> str:
    """The search key with its last word given as the words of the register that start with it ("le ha" ->
    "le ha|hai|hang", "vu van" -> "vu van|": see lookups.Words): the same members, found faster on PostgreSQL.
    Unchanged when the prefix stands for no word or for too many, or when a word may be cut (NameWord keeps 40
    characters)."""
    tokens = key.split()
    if not tokens:
        return key
    words = _prefix_words(tokens[-1])
    if not words or any(len(w) >= 40 for w in words):
        return key
    return " ".join([*tokens[:-1], "|".join(words) + ("|" if len(words) == 1 else "")])


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

    prefix_words = _prefix_words(tokens[-1]) if walk else None
    driver = _driver(tokens, prefix_words) if walk else None
    common = bool(driver) and driver[0] >= COUNT_CAP
    lists = _word_lists(tokens, prefix_words) if common else None
    tried = False
    if common and len(tokens) >= FULL_NAME_WORDS:
        # A whole name of common words ("nguyen dinh an"): each word is common, the three together are rare, so
        # the conjunction is fetched unordered first (PostgreSQL intersects its indexes).
        found, tried = unordered(), True
        if found is not None:
            return found
    if lists:
        # Common words with many matches together: their lists are intersected in sort order, each jumping over
        # the stretch where another has no match ("pham an" jumps over the thousands of "nguyen ... an" that
        # sort first).
        found = _leapfrog(qs, tokens, lists, pos, size)
        if found is not None:
            return found
        if not tried:
            # The jumps did not end soon: the matches are few or spread out, a walk would give up too.
            found, tried = unordered(), True
            if found is not None:
                return found
    if driver:
        walked = _walk(qs, tokens, driver[1], pos, size)
        if walked is not None:
            return walked
    if lists and tried:
        # More matches than SEARCH_CAP, yet neither a short intersection nor the walk reached a page: they sort
        # late ("nguyen hoang": the first 40.000 Hoàng hold few Nguyễn). A long intersection still jumps to them
        # (5.600.000 members: 43 ms) where the database's own walk gave up after 120 ms and sorted them all.
        found = _leapfrog(qs, tokens, lists, pos, size, seeks=LONG_SEEKS)
        if found is not None:
            return found
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


# -- intersecting the words' lists in sort order ---------------------------------------------------------------
SEEK_ROWS = (32, 512)  # rows read per word at a seek: few after a jump, more while a list is read straight on
MAX_SEEK_WORDS = 6  # words in all the lists, each read at a seek
MAX_SEEKS = 16  # index probes (one a word at each seek) before the other ways are tried
LONG_SEEKS = 512  # index probes of the last try, when the matches are known to be many
# The redundant `sort_key >= %s` gives the index range its start on either database.
_SEEK_SQL = ("SELECT sort_key, member_id, search_name FROM members_nameword WHERE word = %s AND sort_key >= %s "
             "AND (sort_key > %s OR member_id >= %s) ORDER BY sort_key, member_id LIMIT %s")


class _OutOfSeeks(Exception):
    pass


class _Seeker:
    """The rows (sort_key, member_id, search_name) of some words' lists, merged, read from any point onwards."""

    def __init__(self, words: list[str], budget: list[int]):
        self.words, self.budget = words, budget
        self.rows: list[tuple] = []
        self.start: tuple | None = None  # the rows hold every row in [start, covered]; covered None: to the end
        self.covered: tuple | None = None
        self.size = SEEK_ROWS[0]

    def covers(self, key: tuple) -> bool:
        return self.start is not None and self.start <= key and (self.covered is None or key <= self.covered)

    def placed(self) -> tuple:
        return self.start or ("", -1)

    def first_from(self, key: tuple) -> tuple | None:
        """The first row at or after `key` (a (sort_key, member_id) pair); None when there is none."""
        if not self.covers(key):
            self._seek(key)
        i = bisect_left(self.rows, key)
        return self.rows[i] if i < len(self.rows) else None

    def _seek(self, key: tuple):
        self.budget[0] -= len(self.words)
        if self.budget[0] < 0:
            raise _OutOfSeeks
        # Reading on from the last row read: more rows at once; after a jump, few.
        on = self.covered is not None and key[0] == self.covered[0] and key[1] == self.covered[1] + 1
        self.size = min(self.size * 4, SEEK_ROWS[1]) if on else SEEK_ROWS[0]
        rows, covered = [], None
        with connection.cursor() as cur:
            for word in self.words:
                cur.execute(_SEEK_SQL, [word, key[0], key[0], key[1], self.size])
                got = [tuple(r) for r in cur.fetchall()]
                rows += got
                if len(got) == self.size:
                    last = got[-1][:2]
                    covered = last if covered is None else min(covered, last)
        self.rows = sorted({r for r in rows if covered is None or r[:2] <= covered})
        self.start, self.covered = key, covered


def _word_lists(tokens: list[str], prefix_words: list[str] | None) -> list[list[str]] | None:
    """The lists to intersect: each word typed before the last, and the words the last one starts; None when
    there are fewer than two or too many words to seek through."""
    if prefix_words is None:
        return None
    lists = [[t] for t in sorted(set(tokens[:-1]))]
    if tokens[-1] not in tokens[:-1] or len(prefix_words) > 1:
        lists.append(prefix_words)
    return lists if len(lists) >= 2 and sum(len(words) for words in lists) <= MAX_SEEK_WORDS else None


def _leapfrog(qs, tokens: list[str], lists: list[list[str]], pos, size: int, seeks: int = 0) -> list[int] | None:
    """The next size+1 matches after `pos` in (sort_key, id) order, found by intersecting each typed word's list
    (the last word's: every word it starts) in sort order: each list seeks to the furthest row another list has
    reached, so long runs that cannot match are skipped by the index, not read ("pham an" skips the thousands of
    Nguyễn An that sort before Phạm An). None when the lists take more than `seeks` (MAX_SEEKS) index probes."""
    budget = [seeks or MAX_SEEKS]
    seekers = [_Seeker(words, budget) for words in lists]
    ok = _matches(tokens)
    found: list[int] = []
    candidates: list[int] = []
    key = (pos[0], pos[1] + 1) if pos else ("", 0)
    try:
        while True:
            row = _next_match(seekers, key, ok)
            if row is not None:
                candidates.append(row[1])
                key = (row[0], row[1] + 1)
            if candidates and (row is None or len(candidates) >= size + 1 - len(found)):
                passed = set(qs.filter(id__in=candidates).values_list("id", flat=True))
                found.extend(pk for pk in candidates if pk in passed)
                candidates = []
            if row is None or len(found) > size:
                return found[: size + 1]
    except _OutOfSeeks:
        return None


def _next_match(seekers: list[_Seeker], key: tuple, ok) -> tuple | None:
    """The first matching row at or after `key`. Every match is in every list, so a list's first row at or after
    `key` is either that match (its name holds every word) or is passed over, and so is the gap before it. A list
    whose rows already read reach `key` answers first; else the list placed longest ago seeks, so that each list
    in turn jumps over the stretch where the other has no match."""
    while True:
        s = next((s for s in seekers if s.covers(key)), None) or min(seekers, key=_Seeker.placed)
        row = s.first_from(key)
        if row is None:
            return None
        if ok(row[2]):
            return row
        key = (row[0], row[1] + 1)
