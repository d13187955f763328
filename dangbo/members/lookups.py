"""`search_name__words="nguyen van men"`: every word present, the last one as a prefix (typing as you go).

PostgreSQL matches through the full-text GIN index on the name (migration 0004), which intersects common
words quickly; SQLite, for an office's few thousand members, matches the same words with LIKE.

A token may also list the words it stands for, "nguyen ha|hai|hang" or "vu van|": one of them, each whole.
The search gives the last token so once it knows the words that start with it (members.search.expand_prefix):
GIN loads every entry of a prefix ("ha:*") whole before intersecting, but skips through listed words
(1.000.000 members: «vu van» 46 -> 14 ms, «le hoa» 64 -> 38 ms).
"""

from django.db.models import CharField, Lookup


def _words(token: str) -> list[str]:
    """The words a token lists ("ha|hai|": ha, hai; a listed single word keeps its "|": "van|")."""
    return [w for w in token.split("|") if w] if "|" in token else [token]


class Words(Lookup):
    lookup_name = "words"

    @staticmethod
    def tokens(value: str) -> list[str]:
        # Search keys are [a-z0-9 ] only (dangbo.rules.text.search_key), so nothing needs escaping; "|" joins
        # the listed words of a token.
        return [t for t in value.split() if all(w.isalnum() for w in _words(t))]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        toks = self.tokens(self.rhs)
        if not toks:
            return "TRUE", []
        terms = [f"({' | '.join(_words(t))})" if "|" in t else t for t in toks]
        if "|" not in toks[-1]:
            terms[-1] += ":*"
        return f"to_tsvector('simple', {lhs}) @@ to_tsquery('simple', %s)", [*lhs_params, " & ".join(terms)]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        toks = self.tokens(self.rhs)
        if not toks:
            return "1=1", []
        parts, params = [], []
        for i, tok in enumerate(toks):
            words = _words(tok)
            prefix = i == len(toks) - 1 and "|" not in tok
            parts.append("(" + " OR ".join([f"(' ' || {lhs} || ' ') LIKE %s"] * len(words)) + ")")
            for w in words:
                params.extend([*lhs_params, f"% {w}%" if prefix else f"% {w} %"])
        return " AND ".join(parts), params


CharField.register_lookup(Words)
