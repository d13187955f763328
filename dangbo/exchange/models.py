"""Import records (who imported which file, when, with what result)."""
