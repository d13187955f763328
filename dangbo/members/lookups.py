"""`search_name__words="nguyen van men"`: every word present, the last one as a prefix (typing as you go).

PostgreSQL matches through the full-text GIN index on the name (migration 0004), which intersects common
words quickly; SQLite, for an office's few thousand members, matches the same words with LIKE.
"""

from django.db.models import CharField, Lookup


class Words(Lookup):
    lookup_name = "words"

    @staticmethod
    def tokens(value: str) -> list[str]:
        # Search keys are [a-z0-9 ] only (dangbo.rules.text.search_key), so nothing needs escaping.
        return [t for t in value.split() if t.isalnum()]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        toks = self.tokens(self.rhs)
        if not toks:
            return "TRUE", []
        query = " & ".join([*toks[:-1], toks[-1] + ":*"])
        return f"to_tsvector('simple', {lhs}) @@ to_tsquery('simple', %s)", [*lhs_params, query]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        toks = self.tokens(self.rhs)
        if not toks:
            return "1=1", []
        parts, params = [], []
        for i, tok in enumerate(toks):
            last = i == len(toks) - 1
            parts.append(f"(' ' || {lhs} || ' ') LIKE %s")
            params.extend([*lhs_params, f"% {tok}%" if last else f"% {tok} %"])
        return " AND ".join(parts), params


CharField.register_lookup(Words)
